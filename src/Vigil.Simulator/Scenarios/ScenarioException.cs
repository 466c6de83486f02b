namespace Vigil.Simulator.Scenarios;

/// <summary>One problem of a scenario file: the YAML path it is at (<c>faults[0].factor</c>; empty for the file as a whole), what is wrong, and the line when known.</summary>
public sealed record ScenarioProblem(string Path, string Message, int? Line = null)
{
    /// <summary><c>faults[0].factor: must be between 0.01 and 100, not 250 (line 12)</c>.</summary>
    public override string ToString() =>
        (Path.Length == 0 ? Message : $"{Path}: {Message}") + (Line is { } line ? $" (line {line})" : string.Empty);
}

/// <summary>A scenario file is invalid; the message lists every problem, one per line, as <c>&lt;file&gt;: &lt;path&gt;: &lt;problem&gt;</c>.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(string sourceName, IReadOnlyList<ScenarioProblem> problems)
        : base(Format(sourceName, problems))
    {
        SourceName = sourceName;
        Problems = problems;
    }

    public ScenarioException()
    {
        SourceName = string.Empty;
        Problems = [];
    }

    public ScenarioException(string message)
        : base(message)
    {
        SourceName = string.Empty;
        Problems = [new ScenarioProblem(string.Empty, message)];
    }

    public ScenarioException(string message, Exception inner)
        : base(message, inner)
    {
        SourceName = string.Empty;
        Problems = [new ScenarioProblem(string.Empty, message)];
    }

    /// <summary>The file (or the name given to <see cref="ScenarioLoader.Parse"/>).</summary>
    public string SourceName { get; }

    public IReadOnlyList<ScenarioProblem> Problems { get; }

    private static string Format(string sourceName, IReadOnlyList<ScenarioProblem> problems) =>
        $"{sourceName} is not a valid scenario ({problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")}):\n"
        + string.Join('\n', problems.Select(p => $"  {sourceName}: {p}"));
}
