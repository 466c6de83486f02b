using Vigil.Testing;

namespace Vigil.Detectors.Tests;

/// <summary>A theory over <c>../shared/data</c>; skipped with a message naming it when absent (the data source then yields one placeholder row).</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (SharedData.Root is null)
        {
            Skip = SharedData.MissingMessage;
        }
    }
}
