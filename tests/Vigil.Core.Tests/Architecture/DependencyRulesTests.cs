using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Vigil.Core.Spans;

namespace Vigil.Core.Tests.Architecture;

/// <summary>Dependencies point inward: Core uses nobody and does no I/O.</summary>
public sealed class DependencyRulesTests
{
    private static readonly Assembly Core = typeof(Span).Assembly;

    [Fact]
    public void Core_ReferencesOnlyTheBaseClassLibrary()
    {
        var references = Core.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var foreign = references.Where(name => !(name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib")).ToList();
        Assert.True(foreign.Count == 0, "Vigil.Core references " + string.Join(", ", foreign));
    }

    [Fact]
    public void Core_UsesNoFileNetworkOrDatabaseTypes()
    {
        using var stream = File.OpenRead(Core.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        string[] forbidden = ["System.IO", "System.Net", "System.Data", "System.Diagnostics.Process"];
        var used = metadata.TypeReferences
            .Select(h => metadata.GetTypeReference(h))
            .Select(t => (Namespace: metadata.GetString(t.Namespace), Name: metadata.GetString(t.Name)))
            .Where(t => forbidden.Any(f => t.Namespace == f || t.Namespace.StartsWith(f + ".", StringComparison.Ordinal)))
            .Select(t => $"{t.Namespace}.{t.Name}")
            .Distinct()
            .ToList();
        Assert.True(used.Count == 0, "Vigil.Core uses I/O types: " + string.Join(", ", used));
    }
}
