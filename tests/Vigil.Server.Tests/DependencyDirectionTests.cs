using Vigil.Ingest;
using Vigil.Server.Hosting;
using Vigil.Storage.DuckDb;

namespace Vigil.Server.Tests;

/// <summary>Dependencies point inward: modules use Core, never each other; only the composition roots see them all.</summary>
public sealed class DependencyDirectionTests
{
    [Theory]
    [InlineData(typeof(IngestService), new[] { "Vigil.Core" })]
    [InlineData(typeof(DuckDbTelemetryStore), new[] { "Vigil.Core" })]
    [InlineData(typeof(VigilHost), new[] { "Vigil.Core", "Vigil.Detectors", "Vigil.Evals", "Vigil.Ingest", "Vigil.Storage.DuckDb" })]
    public void Module_ReferencesOnlyTheVigilAssembliesItMay(Type member, string[] allowed)
    {
        var vigil = member.Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("Vigil.", StringComparison.Ordinal))
            .ToList();
        var forbidden = vigil.Except(allowed).ToList();
        Assert.True(forbidden.Count == 0, $"{member.Assembly.GetName().Name} references {string.Join(", ", forbidden)}");
    }
}
