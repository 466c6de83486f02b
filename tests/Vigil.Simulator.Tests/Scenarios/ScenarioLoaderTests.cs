using Vigil.Simulator.Scenarios;

namespace Vigil.Simulator.Tests.Scenarios;

public sealed class ScenarioLoaderTests
{
    /// <summary>The example of the issue ("Scenario files"), as users see it.</summary>
    private const string IssueExample = """
        name: prompt-v7-doubles-tokens
        description: A prompt change on support-chat doubles input tokens.
        seed: 7
        start: 2026-03-02T00:00:00Z     # simulated clock start (optional)
        duration: 2d                    # units: s, m, h, d
        traffic:
          requests_per_minute: 60       # base rate; seasonality on top
        faults:
          - kind: prompt_token_inflation
            at: 26h
            feature: support-chat
            factor: 2.0
        expect:
          - incident: cost_spike
            feature: support-chat
            within: 1h                  # after the fault starts
            axis: prompt                # what diagnosis should name
            mitigation: rollback        # the runbook action expected
          - quiet: [0h, 26h]            # no page in this interval
        """;

    [Fact]
    public void Parse_IssueExample_GivesTheScenarioItDescribes()
    {
        var scenario = ScenarioLoader.Parse(IssueExample, "example.yaml");

        Assert.Equal("prompt-v7-doubles-tokens", scenario.Name);
        Assert.Equal("A prompt change on support-chat doubles input tokens.", scenario.Description);
        Assert.Equal(7, scenario.Seed);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), scenario.Start);
        Assert.Equal(TimeSpan.FromDays(2), scenario.Duration);
        Assert.Equal(60, scenario.RequestsPerMinute);

        var fault = Assert.Single(scenario.Faults);
        Assert.Equal("prompt_token_inflation", fault.Kind);
        Assert.Equal(TimeSpan.FromHours(26), fault.At);
        Assert.Null(fault.Until);
        Assert.Equal(new Dictionary<string, string> { ["feature"] = "support-chat", ["factor"] = "2" }, fault.Parameters);
        Assert.Equal(2.0, fault.Number("factor", 0));

        Assert.Collection(
            scenario.Expectations,
            e => Assert.Equal(new IncidentExpectation("cost_spike", "support-chat", null, TimeSpan.FromHours(1), "prompt", "rollback", TimeSpan.FromHours(26)), e),
            e => Assert.Equal(new QuietExpectation(TimeSpan.Zero, TimeSpan.FromHours(26)), e));
    }

    [Fact]
    public void Parse_OnlyAName_GivesTheDefaults()
    {
        var scenario = ScenarioLoader.Parse("name: tiny\n", "tiny.yaml");

        Assert.Equal("tiny", scenario.Name);
        Assert.Equal(string.Empty, scenario.Description);
        Assert.Equal(1, scenario.Seed);
        Assert.Null(scenario.Start);
        Assert.Equal(TimeSpan.FromDays(1), scenario.Duration);
        Assert.Equal(60, scenario.RequestsPerMinute);
        Assert.Empty(scenario.Faults);
        Assert.Empty(scenario.Expectations);
    }

    [Fact]
    public void Parse_EmptyFile_NeedsAName()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("", "empty.yaml"));
        Assert.Equal("name", Assert.Single(ex.Problems).Path);
    }

    [Fact]
    public void Parse_UnknownKey_IsAnErrorNamingItsPathAndLine()
    {
        const string yaml = """
            name: typo
            traffic:
              request_per_minute: 60
            expect:
              - quiet: [0h, 1h]
                note: nothing happens
            """;

        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "typo.yaml"));

        Assert.Contains(ex.Problems, p => p is { Path: "traffic.request_per_minute", Line: 3 } && p.Message.Contains("requests_per_minute", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p is { Path: "expect[0].note", Line: 6 });
        Assert.Contains("typo.yaml: traffic.request_per_minute: unknown key 'request_per_minute'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(line 3)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownFaultKind_IsAnErrorListingTheKinds()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Faults("- kind: prompt_token_inflaton\n  at: 1h\n  feature: support-chat\n  factor: 2"), "kind.yaml"));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("faults[0].kind", problem.Path);
        Assert.Equal(4, problem.Line);
        Assert.Contains("prompt_token_inflaton", problem.Message, StringComparison.Ordinal);
        Assert.Contains("prompt_token_inflation", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequiredParameter_NamesTheParameterAtItsFault()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Faults("- kind: model_change\n  at: 1h\n  feature: summarize"), "missing.yaml"));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("faults[0].to_model", problem.Path);
        Assert.Equal(4, problem.Line); // the fault it is missing from
        Assert.Contains("required by model_change", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingAt_IsAnError()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Faults("- kind: vendor_outage\n  provider: openai"), "at.yaml"));
        Assert.Equal("faults[0].at", Assert.Single(ex.Problems).Path);
    }

    [Theory]
    [InlineData("- kind: prompt_token_inflation\n  at: 1h\n  feature: support-chat\n  factor: 250", "faults[0].factor", "between 0.01 and 100")]
    [InlineData("- kind: vendor_outage\n  at: 1h\n  provider: openai\n  error_rate: 1.5", "faults[0].error_rate", "between 0 and 1")]
    [InlineData("- kind: agent_loop\n  at: 1h\n  feature: research-agent\n  steps_factor: 0.5", "faults[0].steps_factor", "between 1 and 100")]
    public void Parse_NumberOutOfRange_NamesThePathAndTheRange(string faults, string path, string range)
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Faults(faults), "range.yaml"));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Equal(7, problem.Line);
        Assert.Contains(range, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotANumber_IsAnError()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Faults("- kind: vendor_latency\n  at: 1h\n  provider: openai\n  factor: slow"), "nan.yaml"));
        Assert.Equal("faults[0].factor", Assert.Single(ex.Problems).Path);
    }

    [Theory]
    [InlineData("- kind: prompt_regression\n  at: 1h\n  feature: support-bot", "faults[0].feature", "support-chat, summarize, extract-invoice, research-agent")]
    [InlineData("- kind: model_change\n  at: 1h\n  feature: summarize\n  to_model: gpt-5", "faults[0].to_model", "gpt-4o, gpt-4o-mini, claude-sonnet-4, claude-3-5-haiku")]
    [InlineData("- kind: vendor_latency\n  at: 1h\n  provider: azure\n  factor: 2", "faults[0].provider", "openai, anthropic")]
    [InlineData("- kind: index_bloat\n  at: 1h\n  index: docs-kb\n  growth_factor: 2", "faults[0].index", "support-kb")]
    [InlineData("- kind: segment_bias\n  at: 1h\n  feature: support-chat\n  segment: fr", "faults[0].segment", "en, de, es, ja")]
    public void Parse_UnknownNameOfTheApplication_IsAnErrorListingTheNames(string faults, string path, string names)
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Faults(faults), "names.yaml"));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains(names, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ParameterTheKindDoesNotTake_IsAnError()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Faults("- kind: vendor_latency\n  at: 1h\n  provider: openai\n  factor: 2\n  feature: summarize"), "param.yaml"));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("faults[0].feature", problem.Path);
        Assert.Contains("not a parameter of vendor_latency", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UntilBeforeAt_IsAnError()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Faults("- kind: vendor_outage\n  at: 5h\n  until: 3h\n  provider: openai"), "until.yaml"));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("faults[0].until", problem.Path);
        Assert.Equal(6, problem.Line);
        Assert.Contains("after at (5h)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FaultOutsideTheScenario_IsAnError()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(
            Faults("- kind: vendor_outage\n  at: 2d\n  provider: openai\n- kind: vendor_outage\n  at: 1h\n  until: 3d\n  provider: anthropic"), "late.yaml"));

        Assert.Equal(["faults[0].at", "faults[1].until"], ex.Problems.Select(p => p.Path));
    }

    [Theory]
    [InlineData("name: d\nduration: 2days\n", "duration", 2)]
    [InlineData("name: d\nfaults:\n  - kind: vendor_outage\n    at: soon\n    provider: openai\n", "faults[0].at", 4)]
    [InlineData("name: d\nexpect:\n  - quiet: [0h, tomorrow]\n", "expect[0].quiet[1]", 3)]
    [InlineData("name: d\nexpect:\n  - incident: cost_spike\n    feature: summarize\n    within: 1 hour\n", "expect[0].within", 5)]
    [InlineData("name: d\nfaults:\n  - kind: quality_drift\n    at: 1h\n    feature: summarize\n    ramp: gradually\n", "faults[0].ramp", 6)]
    public void Parse_BadDuration_NamesThePathAndLine(string yaml, string path, int line)
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "durations.yaml"));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Equal(line, problem.Line);
        Assert.Contains("is not a duration", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seed: seven", "seed")]
    [InlineData("start: 2026-03-02", "start")]
    [InlineData("start: 2026-03-02T00:00:00", "start")] // RFC 3339 needs an offset
    [InlineData("duration: 30s", "duration")]
    [InlineData("traffic:\n  requests_per_minute: 0", "traffic.requests_per_minute")]
    public void Parse_BadTopLevelValue_IsAnError(string line, string path)
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse($"name: x\n{line}\n", "top.yaml"));
        Assert.Equal(path, Assert.Single(ex.Problems).Path);
    }

    [Fact]
    public void Parse_StartWithOffset_IsTheSameInstantInUtc()
    {
        var scenario = ScenarioLoader.Parse("name: x\nstart: 2026-03-02T09:30:00+01:00\n", "start.yaml");
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.Zero), scenario.Start);
        Assert.Equal(TimeSpan.Zero, scenario.Start!.Value.Offset);
    }

    [Fact]
    public void Parse_SeveralProblems_AreReportedAtOnceInFileOrderEachWithItsPathAndLine()
    {
        const string yaml = """
            name: broken
            seed: 1.5
            duration: 2d
            traffic: 60
            colour: blue
            faults:
              - kind: prompt_token_inflation
                at: 26h
                feature: support-chat
                factor: 0
              - kind: vendor_reprice
                at: 30h
                until: 29h
                provider: openai
                model: claude-sonnet-4
              - kind: meteor_strike
                at: 1h
            expect:
              - incident: cost_explosion
                feature: support-chat
                axis: vibes
                mitigation: pray
              - quiet: [5h, 1h]
              - axis: prompt
            """;

        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "broken.yaml"));

        Assert.Equal(
            [
                "seed", "traffic", "colour", "faults[0].factor", "faults[1].factor", "faults[1].until", "faults[1].model", "faults[2].kind",
                "expect[0].incident", "expect[0].axis", "expect[0].mitigation", "expect[1].quiet", "expect[2]",
            ],
            ex.Problems.Select(p => p.Path));
        foreach (var problem in ex.Problems)
        {
            Assert.Contains($"broken.yaml: {problem}", ex.Message, StringComparison.Ordinal);
            Assert.NotNull(problem.Line);
        }

        Assert.Contains("broken.yaml is not a valid scenario (13 problems)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidYaml_ReportsTheLine()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("name: x\nfaults:\n  - kind: 'vendor_outage\n", "syntax.yaml"));

        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith("not valid YAML", problem.Message, StringComparison.Ordinal);
        Assert.NotNull(problem.Line);
    }

    [Fact]
    public void Parse_DuplicateKey_IsAnError()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("name: x\nseed: 1\nseed: 2\n", "dup.yaml"));
        Assert.Equal(3, Assert.Single(ex.Problems).Line);
    }

    [Fact]
    public void Parse_ParametersAreStoredAsInvariantText()
    {
        const string yaml = """
            name: x
            faults:
              - kind: audit_gap
                at: 1h
                feature: extract-invoice
                missing: [user.id, session.id]
                share: .25
              - kind: quality_drift
                at: 0
                until: 90m
                feature: summarize
                ramp: 3600s
            """;

        var faults = ScenarioLoader.Parse(yaml, "params.yaml").Faults;

        Assert.Equal("user.id,session.id", faults[0].Text("missing"));
        Assert.Equal("0.25", faults[0].Text("share"));
        Assert.Equal(TimeSpan.Zero, faults[1].At);
        Assert.Equal(TimeSpan.FromMinutes(90), faults[1].Until);
        Assert.Equal("1h", faults[1].Text("ramp"));
        Assert.Null(faults[1].Text("drop"));
    }

    [Fact]
    public void Parse_ListForANumber_IsAnError()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Faults("- kind: vendor_latency\n  at: 1h\n  provider: openai\n  factor: [2, 3]"), "list.yaml"));
        Assert.Equal("faults[0].factor", Assert.Single(ex.Problems).Path);
    }

    [Theory]
    [InlineData("- kind: agent_loop\n  at: 1h\n  feature: summarize\n  steps_factor: 5", "faults[0].feature")]
    [InlineData("- kind: index_regression\n  at: 1h\n  feature: extract-invoice\n  citation_error_rate: 0.3", "faults[0].feature")]
    [InlineData("- kind: input_shift\n  at: 1h\n  feature: summarize\n  pool: off-topic\n  mix: legal", "faults[0].mix")]
    public void Parse_FaultTheApplicationCannotCarryOut_IsAnError(string faults, string path)
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Faults(faults), "noop.yaml"));
        Assert.Equal(path, Assert.Single(ex.Problems).Path);
    }

    [Fact]
    public void Parse_ValueOfTheWrongShape_IsOneErrorAndTheRestIsStillChecked()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("name: [a, b]\nseed: x\nfaults:\n  kind: vendor_outage\n", "shape.yaml"));

        Assert.Equal(["name", "seed", "faults"], ex.Problems.Select(p => p.Path));
        Assert.Contains("expected a single value, found a list", ex.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("expected a list of entries", ex.Problems[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_IsAnErrorNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-scenario-{Guid.NewGuid():N}.yaml");
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path));
        Assert.Contains("file not found", ex.Message, StringComparison.Ordinal);
        Assert.Equal(path, ex.SourceName);
    }

    /// <summary>A scenario of two days whose faults (an indented YAML list) start on line 4.</summary>
    private static string Faults(string faults) =>
        "name: t\nduration: 2d\nfaults:\n" + string.Join('\n', faults.Split('\n').Select(l => "  " + l)) + "\n";
}
