namespace Vigil.Simulator.Scenarios;

/// <summary>The scenario <c>vigil serve --demo</c> loops: <c>scenarios/demo.yaml</c>, embedded in this assembly.</summary>
public static class DemoScenario
{
    private const string Resource = "Vigil.Simulator.Scenarios.demo.yaml";

    public static Scenario Load()
    {
        using var stream = typeof(DemoScenario).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the embedded demo scenario '{Resource}' is missing from this build");
        using var reader = new StreamReader(stream);
        return ScenarioLoader.Parse(reader.ReadToEnd(), "scenarios/demo.yaml");
    }
}
