using Vigil.Simulator.Scenarios;

namespace Vigil.Simulator.Tests.Scenarios;

/// <summary>The scenario library in <c>scenarios/</c>: every file loads, and every fault kind has its scenario.</summary>
public sealed class ScenarioLibraryTests
{
    private static readonly string Library = Path.Combine(RepositoryRoot(), "scenarios");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Library, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public static TheoryData<string> Kinds()
    {
        var data = new TheoryData<string>();
        foreach (var kind in FaultKinds.All)
        {
            data.Add(kind.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryScenarioFile_LoadsWithoutErrorAndIsNamedAfterItsFile(string file)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(Library, file));

        Assert.Equal(Path.GetFileNameWithoutExtension(file), scenario.Name);
        Assert.NotEmpty(scenario.Description);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryFaultKind_HasATwoDayScenarioExpectingItsIncidentClassAndAxis(string kind)
    {
        var expected = FaultKinds.Find(kind)!;
        var scenario = ScenarioLoader.Load(Path.Combine(Library, kind.Replace('_', '-') + ".yaml"));

        Assert.Equal(TimeSpan.FromDays(2), scenario.Duration);
        Assert.Equal(60, scenario.RequestsPerMinute);
        var fault = Assert.Single(scenario.Faults);
        Assert.Equal(kind, fault.Kind);
        var incident = Assert.Single(scenario.Expectations.OfType<IncidentExpectation>());
        Assert.Equal(expected.ExpectedIncident, incident.Incident);
        Assert.Equal(expected.ExpectedAxis, incident.Axis);
        Assert.Equal(TimeSpan.FromHours(1), incident.Within);
        Assert.NotNull(incident.Mitigation);
        Assert.Equal(fault.At, incident.After); // the expectation refers to the fault
        Assert.Equal(new QuietExpectation(TimeSpan.Zero, fault.At), Assert.Single(scenario.Expectations.OfType<QuietExpectation>()));
    }

    [Fact]
    public void CleanWeek_IsSevenDaysWithoutFaultsQuietThroughout()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(Library, "clean-week.yaml"));

        Assert.Equal(TimeSpan.FromDays(7), scenario.Duration);
        Assert.Empty(scenario.Faults);
        Assert.Equal(new QuietExpectation(TimeSpan.Zero, TimeSpan.FromDays(7)), Assert.Single(scenario.Expectations));
    }

    [Fact]
    public void Demo_IsOneDayWithSeveralFaultsAtDifferentTimesEachExpected()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(Library, "demo.yaml"));

        Assert.Equal(TimeSpan.FromDays(1), scenario.Duration);
        Assert.InRange(scenario.Faults.Count, 2, 3);
        Assert.Equal(scenario.Faults.Count, scenario.Faults.Select(f => f.At).Distinct().Count());
        Assert.Equal(
            scenario.Faults.Select(f => f.At).Order(),
            scenario.Expectations.OfType<IncidentExpectation>().Select(e => e.After).Order());
    }

    [Fact]
    public void Readme_DocumentsEveryFaultKindIncidentClassAxisAndMitigation()
    {
        var readme = File.ReadAllText(Path.Combine(Library, "README.md"));

        foreach (var word in FaultKinds.All.Select(k => $"`{k.Name}`")
                     .Concat(FaultKinds.All.SelectMany(k => k.Parameters).Select(p => $"`{p.Name}`"))
                     .Concat(ScenarioVocabulary.IncidentClasses.Concat(ScenarioVocabulary.Axes).Concat(ScenarioVocabulary.Mitigations).Select(w => $"`{w}`")))
        {
            Assert.Contains(word, readme, StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Vigil.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Vigil.slnx above {AppContext.BaseDirectory}");
    }
}
