namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// A 64-bit key of a trace id (FNV-1a over its UTF-16 code units), stored beside it in
/// <c>spans.trace_key</c>. Lookups filter on the key, a narrow column, and then on the id itself,
/// so a collision costs a few extra rows, never a wrong answer. Stable across processes and versions.
/// </summary>
internal static class TraceKey
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static long Of(string? traceId)
    {
        var hash = OffsetBasis;
        foreach (var c in traceId ?? string.Empty)
        {
            hash = (hash ^ c) * Prime;
        }

        return unchecked((long)hash);
    }
}
