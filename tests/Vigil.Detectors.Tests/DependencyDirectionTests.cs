using Vigil.Detectors.Drift;

namespace Vigil.Detectors.Tests;

/// <summary>Dependencies point inward: Detectors is a module, so of Vigil's assemblies it may use only Core (text embeddings come through ITextEmbedder).</summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void Detectors_ReferencesNoVigilAssemblyButCore()
    {
        var vigil = typeof(DriftDetector).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("Vigil.", StringComparison.Ordinal))
            .ToList();
        Assert.True(vigil.All(name => name == "Vigil.Core"), "Vigil.Detectors references " + string.Join(", ", vigil));
    }
}
