namespace Vigil.Evals.Tests;

/// <summary>Dependencies point inward: Evals is a module, so of Vigil's assemblies it uses only Core.</summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void Evals_ReferencesNoVigilAssemblyButCore()
    {
        var vigil = typeof(ScorerFactory).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("Vigil.", StringComparison.Ordinal))
            .ToList();
        Assert.True(vigil.All(name => name == "Vigil.Core"), "Vigil.Evals references " + string.Join(", ", vigil));
    }
}
