using System.Runtime.InteropServices;
using DuckDB.NET.Data;
using Vigil.Core.Spans;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Adds one batch's rollup rows: sums the batch's spans in memory, one <see cref="MinuteRollup"/>
/// per <see cref="RollupKey"/>, and appends the rows through Appenders in the caller's transaction.
/// The rows equal what <c>GROUP BY</c> over the batch's stored span rows computes (a test keeps that
/// SQL as the oracle); summing here spares two scans of the rows just appended. Rows are appended,
/// never upserted: <see cref="RollupCompactor"/> merges a minute's rows later.
/// </summary>
internal static class RollupWriter
{
    /// <summary>The rollup dimensions of a span row in SQL, as <see cref="RollupKey.Of"/> takes them; absent values become ''.</summary>
    public const string SpanDimensions =
        "feature, coalesce(team, '') AS team, coalesce(response_model, request_model, '') AS model, " +
        "coalesce(provider, '') AS provider, coalesce(release, '') AS release, coalesce(stage, '') AS stage";

    public static void AddBatch(DuckDBConnection connection, IReadOnlyList<Span> spans, long batchSeq)
    {
        var rollups = new Dictionary<RollupKey, MinuteRollup>();
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            ref var rollup = ref CollectionsMarshal.GetValueRefOrAddDefault(rollups, RollupKey.Of(span), out _);
            rollup ??= new MinuteRollup();
            rollup.Add(span);
        }

        AppendMeasures(connection, rollups, batchSeq);
        AppendSketches(connection, rollups, batchSeq);
    }

    private static void AppendMeasures(DuckDBConnection connection, Dictionary<RollupKey, MinuteRollup> rollups, long batchSeq)
    {
        using var appender = connection.CreateAppender("rollup_minute");
        foreach (var (key, r) in rollups)
        {
            AppendKey(appender.CreateRow(), key)
                .AppendValue(r.SpanCount)
                .AppendValue(r.Errors)
                .AppendValue(r.InputTokens)
                .AppendValue(r.OutputTokens)
                .AppendValue(r.CacheReadTokens)
                .AppendValue(r.CacheWriteTokens)
                .AppendValue(r.ReasoningTokens)
                .AppendValue(r.CostSum)
                .AppendValue(r.PricedCalls)
                .AppendValue(r.UnpricedCalls)
                .AppendValue(r.DurationMsSum)
                .AppendValue(batchSeq)
                .EndRow();
        }

        appender.Close();
    }

    private static void AppendSketches(DuckDBConnection connection, Dictionary<RollupKey, MinuteRollup> rollups, long batchSeq)
    {
        using var appender = connection.CreateAppender("rollup_minute_sketch");
        foreach (var (key, r) in rollups)
        {
            foreach (var ((metric, bucket), n) in r.Sketch)
            {
                AppendKey(appender.CreateRow(), key)
                    .AppendValue(metric)
                    .AppendValue(bucket)
                    .AppendValue(n)
                    .AppendValue(batchSeq)
                    .EndRow();
            }
        }

        appender.Close();
    }

    private static IDuckDBAppenderRow AppendKey(IDuckDBAppenderRow row, RollupKey key) =>
        row.AppendValue(key.ProjectId)
            .AppendValue(key.Minute)
            .AppendValue(key.Feature)
            .AppendValue(key.Team)
            .AppendValue(key.Model)
            .AppendValue(key.Provider)
            .AppendValue(key.Release)
            .AppendValue(key.Stage);
}
