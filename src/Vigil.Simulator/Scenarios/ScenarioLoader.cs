namespace Vigil.Simulator.Scenarios;

/// <summary>
/// Reads a scenario file (a public format: users write their own; see <c>scenarios/README.md</c>) and
/// reports every problem at once, each with its YAML path (<c>faults[0].factor</c>) and line.
/// Unknown keys and unknown fault parameters are errors: a misspelt key must not be silently ignored.
/// </summary>
/// <remarks>
/// Two passes over the document. The first walks YamlDotNet's node tree against the shape of the
/// private file classes (their property names, underscored, are the keys): it reports unknown
/// keys and values of the wrong shape with their lines, records the line of every path, and drops
/// what it reported, so that YamlDotNet's deserializer then fills the file classes without failing
/// half-way. The second pass checks the values — durations, numbers, names of the simulated
/// application — and builds the <see cref="Scenario"/>.
/// <para>
/// The parts, one file each: this facade; <c>ScenarioLoader.Files.cs</c>, the file classes;
/// <c>ScenarioLoader.Reader.cs</c>, one read (its state, the order of the passes, the scenario-level values);
/// <c>ScenarioLoader.Shape.cs</c>, pass 1; <c>ScenarioLoader.Faults.cs</c> and
/// <c>ScenarioLoader.Expectations.cs</c>, pass 2 for faults and for expectations.
/// </para>
/// </remarks>
public static partial class ScenarioLoader
{
    /// <summary>Reads and validates a scenario file.</summary>
    /// <exception cref="ScenarioException">The file is missing or invalid; the message lists every problem.</exception>
    public static Scenario Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ScenarioException(path, [new ScenarioProblem(string.Empty, $"file not found: {Path.GetFullPath(path)}")]);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Validates scenario YAML; <paramref name="sourceName"/> names it in problems (a path, or e.g. "inline").</summary>
    /// <exception cref="ScenarioException">The YAML is invalid; the message lists every problem.</exception>
    public static Scenario Parse(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        return new Reader(sourceName).Read(yaml);
    }
}
