using Vigil.Core.Slos;

namespace Vigil.Server.Configuration.Slos;

/// <summary>The SLOs read from a set of sources, and every problem found, each naming its file, document and key.</summary>
public sealed record SloLoadResult(IReadOnlyList<SloDefinition> Definitions, IReadOnlyList<string> Errors)
{
    /// <summary>Each definition with where it was defined, for errors that name two places.</summary>
    internal IReadOnlyList<LocatedSlo> Located { get; private init; } = [];

    public bool IsValid => Errors.Count == 0;

    internal static SloLoadResult From(IReadOnlyList<LocatedSlo> slos, IReadOnlyList<string> errors) =>
        new([.. slos.Select(s => s.Definition)], errors) { Located = slos };
}

/// <param name="Origin">The place for people: "vigil.yaml slos[0]", "slos/chat.yaml, document 2".</param>
/// <param name="NameKey">Where its name is written, as errors start: "slos[0].name".</param>
internal sealed record LocatedSlo(SloDefinition Definition, string Origin, string NameKey);

/// <summary>SLO names are unique within a project, wherever the SLOs are defined.</summary>
internal static class SloDuplicates
{
    /// <summary>The first SLO of each project and name; every later one is an error naming both places.</summary>
    public static IReadOnlyList<LocatedSlo> Remove(IEnumerable<LocatedSlo> slos, ICollection<string> errors)
    {
        var first = new Dictionary<(string Project, string Name), LocatedSlo>();
        var kept = new List<LocatedSlo>();
        foreach (var slo in slos)
        {
            var key = (slo.Definition.Project, slo.Definition.Name);
            if (first.TryGetValue(key, out var earlier))
            {
                errors.Add($"{slo.NameKey}: SLO '{key.Name}' of project '{key.Project}' is already defined at {earlier.Origin}");
            }
            else
            {
                first[key] = slo;
                kept.Add(slo);
            }
        }

        return kept;
    }
}
