using System.Runtime.CompilerServices;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// The text form of a sketch in <c>rollup_hour_dim_sketch</c> before migration 0003: "bucket:count"
/// pairs joined by ',', in bucket order, built in SQL by <see cref="Aggregate"/> and read back by
/// <see cref="Parse"/>. The store no longer writes it (0003 converts such rows to <see cref="SketchBlob"/>);
/// it stays as the reference the upgrade tests build old stores with and compare the new form against.
/// </summary>
internal static class SketchText
{
    /// <summary>The aggregate over rows with columns <c>bucket</c> and <c>n</c>.</summary>
    public const string Aggregate =
        "string_agg(CAST(bucket AS VARCHAR) || ':' || CAST(n AS VARCHAR), ',' ORDER BY bucket) AS sketch";

    /// <summary>Adds the pairs of <paramref name="text"/> to <paramref name="histogram"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Parse(ReadOnlySpan<char> text, List<(short Bucket, long Count)> histogram)
    {
        var i = 0;
        while (i < text.Length)
        {
            var bucket = ReadInteger(text, ref i, allowSign: true);
            Expect(text, ref i, ':');
            var count = ReadInteger(text, ref i, allowSign: false);
            if (bucket is < short.MinValue or > short.MaxValue)
            {
                throw new FormatException($"bucket {bucket} is out of range");
            }

            histogram.Add(((short)bucket, count));
            if (i < text.Length)
            {
                Expect(text, ref i, ',');
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long ReadInteger(ReadOnlySpan<char> text, ref int i, bool allowSign)
    {
        var negative = allowSign && i < text.Length && text[i] == '-';
        if (negative)
        {
            i++;
        }

        var start = i;
        long value = 0;
        while (i < text.Length && text[i] is >= '0' and <= '9')
        {
            value = checked((value * 10) + (text[i] - '0'));
            i++;
        }

        if (i == start)
        {
            throw new FormatException($"a number was expected at position {start} of a sketch");
        }

        return negative ? -value : value;
    }

    private static void Expect(ReadOnlySpan<char> text, ref int i, char separator)
    {
        if (i >= text.Length || text[i] != separator)
        {
            throw new FormatException($"'{separator}' was expected at position {i} of a sketch");
        }

        i++;
    }
}
