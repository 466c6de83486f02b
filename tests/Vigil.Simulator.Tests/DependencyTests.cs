using Vigil.Simulator.Run;

namespace Vigil.Simulator.Tests;

public sealed class DependencyTests
{
    [Fact]
    public void Simulator_UsesOnlyCoreAndIngest_NeverTheServerOrAStorageEngine()
    {
        var vigil = typeof(SimulationRunner).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("Vigil.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["Vigil.Core", "Vigil.Ingest"], vigil);
    }
}
