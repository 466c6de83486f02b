using Vigil.Simulator.Scenarios;

namespace Vigil.Simulator.Tests.Scenarios;

/// <summary>The <c>expect</c> entries of a scenario file: incident expectations and quiet intervals.</summary>
public sealed class ScenarioExpectationTests
{
    [Fact]
    public void Parse_IncidentExpectation_StartsAtTheEarliestFaultOnItsTarget()
    {
        const string yaml = """
            name: after
            duration: 2d
            faults:
              - kind: vendor_latency
                at: 30h
                provider: openai
                factor: 3
              - kind: vendor_outage
                at: 20h
                provider: openai
              - kind: cache_degradation
                at: 10h
                feature: summarize
                hit_rate: 0
              - kind: index_bloat
                at: 5h
                index: support-kb
                growth_factor: 2
            expect:
              - incident: vendor_outage
                provider: openai
              - incident: cache_degradation
                feature: summarize
                within: 30m
              - incident: memory_bloat
                feature: support-chat
              - incident: availability
                provider: anthropic
            """;

        var expectations = ScenarioLoader.Parse(yaml, "after.yaml").Expectations.Cast<IncidentExpectation>().ToList();

        Assert.Equal([TimeSpan.FromHours(20), TimeSpan.FromHours(10), TimeSpan.FromHours(5), TimeSpan.Zero], expectations.Select(e => e.After));
        Assert.Equal(TimeSpan.FromMinutes(30), expectations[1].Within);
        Assert.All(expectations.Where(e => e != expectations[1]), e => Assert.Equal(TimeSpan.FromHours(1), e.Within));
    }

    [Theory]
    [InlineData("axis: —")]
    [InlineData("axis: ~")]
    [InlineData("")]
    public void Parse_AxisDashOrNull_IsNotJudged(string axis)
    {
        var scenario = ScenarioLoader.Parse($"name: x\nexpect:\n  - incident: audit_gap\n    feature: summarize\n    {axis}\n", "axis.yaml");
        Assert.Null(Assert.IsType<IncidentExpectation>(Assert.Single(scenario.Expectations)).Axis);
    }

    [Fact]
    public void Parse_ExpectationNeedsExactlyOneOfFeatureAndProvider()
    {
        const string yaml = """
            name: x
            expect:
              - incident: cost_spike
              - incident: cost_spike
                feature: summarize
                provider: openai
            """;

        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "target.yaml"));
        Assert.Equal(["expect[0]", "expect[1].provider"], ex.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Parse_QuietNotAList_IsOneError()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("name: x\nexpect:\n  - quiet: 5h\n  - quiet: [0h, [1h]]\n", "quiet.yaml"));
        Assert.Equal(["expect[0].quiet", "expect[1].quiet[1]"], ex.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Parse_QuietWithIncidentKeys_IsAnError()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("name: x\nexpect:\n  - quiet: [0h, 1h]\n    feature: summarize\n", "quiet.yaml"));
        Assert.Equal("expect[0].feature", Assert.Single(ex.Problems).Path);
    }
}
