using System.Globalization;
using Vigil.Core.Statistics;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// <see cref="QuantileSketch.BucketOf"/> in SQL: ⌈ln v / ln γ⌉ clamped to SMALLINT, with
/// <see cref="QuantileSketch.ZeroBucket"/> for v ≤ 0, NaN and values too small to tell from 0.
/// ln γ travels as a parameter, so SQL and C# divide by the very same double.
/// </summary>
internal static class SketchSql
{
    public const int LatencyMetric = 0;
    public const int CostMetric = 1;

    /// <summary>The name of the parameter that carries <see cref="QuantileSketch.LnGamma"/>.</summary>
    public const string LnGammaParameter = "ln_gamma";

    /// <summary>Latency in milliseconds of a span row, as <see cref="Core.Spans.Span.DurationMs"/> computes it.</summary>
    public const string LatencyMs = "(CAST(duration_ns AS DOUBLE) / 1000000.0)";

    /// <summary>Cost in USD of a priced span row.</summary>
    public const string CostUsd = "CAST(cost AS DOUBLE)";

    /// <summary>The bucket expression of <paramref name="value"/>, a fixed DOUBLE expression of this project (never user input).</summary>
    public static string BucketOf(string value)
    {
        var index = $"ceil(ln({value}) / ${LnGammaParameter})";
        return string.Create(CultureInfo.InvariantCulture, $"""
            CAST(CASE
                WHEN {value} IS NULL OR isnan({value}) OR NOT ({value} > 0) THEN {QuantileSketch.ZeroBucket}
                WHEN {index} <= {QuantileSketch.ZeroBucket + 1} THEN {QuantileSketch.ZeroBucket}
                ELSE least({index}, {short.MaxValue})
            END AS SMALLINT)
            """);
    }
}
