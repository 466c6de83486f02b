using System.Runtime.InteropServices;
using Vigil.Core.Spans;
using Vigil.Core.Statistics;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// One key's rollup row in the making: the measures of <c>rollup_minute</c> and the sketch bucket
/// counts of <c>rollup_minute_sketch</c>, summed over a batch's spans with the semantics of SQL over
/// the stored span rows (tokens null as 0, the cost as <c>spans.cost</c> holds it).
/// </summary>
internal sealed class MinuteRollup
{
    /// <summary>10^10: <c>spans.cost</c> is DECIMAL(18, 10).</summary>
    private const long CostUnitsPerUsd = 10_000_000_000;

    /// <summary>The sum of the stored costs, in units of 10⁻¹⁰ USD.</summary>
    private Int128 _costUnits;

    public long SpanCount { get; private set; }
    public long Errors { get; private set; }
    public long InputTokens { get; private set; }
    public long OutputTokens { get; private set; }
    public long CacheReadTokens { get; private set; }
    public long CacheWriteTokens { get; private set; }
    public long ReasoningTokens { get; private set; }
    public long PricedCalls { get; private set; }
    public long UnpricedCalls { get; private set; }
    public double DurationMsSum { get; private set; }

    /// <summary>The sum of the stored costs in USD, exact (DECIMAL(38, 10)).</summary>
    public decimal CostSum => (decimal)_costUnits / CostUnitsPerUsd;

    /// <summary>Span counts per (metric, bucket): <see cref="SketchSql.LatencyMetric"/> for every span, <see cref="SketchSql.CostMetric"/> for spans with a cost.</summary>
    public Dictionary<(sbyte Metric, short Bucket), long> Sketch { get; } = [];

    public void Add(Span span)
    {
        SpanCount++;
        Errors += span.Status == SpanStatus.Error ? 1 : 0;
        checked
        {
            // A sum beyond BIGINT fails the batch, as SQL's cast of the sum into the BIGINT column did.
            InputTokens += span.Usage.Input ?? 0;
            OutputTokens += span.Usage.Output ?? 0;
            CacheReadTokens += span.Usage.CacheRead ?? 0;
            CacheWriteTokens += span.Usage.CacheWrite ?? 0;
            ReasoningTokens += span.Usage.Reasoning ?? 0;
        }

        PricedCalls += span.Pricing == PricingStatus.Priced ? 1 : 0;
        UnpricedCalls += span.Pricing == PricingStatus.Unpriced ? 1 : 0;

        var latencyMs = span.DurationMs;
        DurationMsSum += latencyMs;
        Count(SketchSql.LatencyMetric, QuantileSketch.BucketOf(latencyMs));

        if (span.Cost is { } cost)
        {
            var units = StoredCostUnits(cost);
            _costUnits += units;
            Count(SketchSql.CostMetric, QuantileSketch.BucketOf(CostUsd(units)));
        }
    }

    /// <summary>The cost as the Appender stores it in DECIMAL(18, 10): truncated (not rounded) to ten decimals.</summary>
    private static long StoredCostUnits(decimal cost) => (long)(cost * CostUnitsPerUsd);

    /// <summary>
    /// <c>CAST(cost AS DOUBLE)</c> as DuckDB computes it: units / 10¹⁰ while the units convert to a
    /// double exactly (|units| ≤ 2⁵³), else the whole and the fractional part converted apart.
    /// </summary>
    private static double CostUsd(long units) =>
        Math.Abs(units) <= 1L << 53
            ? units / (double)CostUnitsPerUsd
            : (units / CostUnitsPerUsd) + (units % CostUnitsPerUsd / (double)CostUnitsPerUsd);

    private void Count(int metric, short bucket) =>
        CollectionsMarshal.GetValueRefOrAddDefault(Sketch, ((sbyte)metric, bucket), out _)++;
}
