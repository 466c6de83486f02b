using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Detection;
using Vigil.Core.Queries;
using Vigil.Storage.DuckDb.Internal;
using Xunit.Abstractions;

namespace Vigil.Storage.DuckDb.Tests.Detection;

/// <summary>
/// The detector queries on a day of data (350,000 spans, an evaluation per trace, index metrics every minute):
/// <c>VIGIL_TIMING=1 dotnet test tests/Vigil.Storage.DuckDb.Tests --filter DetectorSourceTimingCheck --logger "console;verbosity=detailed"</c>.
/// Prints timings, asserts none.
/// </summary>
public sealed class DetectorSourceTimingCheck(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [TimingFact]
    public async Task DetectorQueriesOverADayOfSpans()
    {
        using var dir = new TempDirectory();
        using var database = DuckDbDatabase.Open(dir.Path, new FakeTimeProvider(Start.AddDays(40)));
        var store = new DuckDbTelemetryStore(database, new DuckDbStoreOptions { CompactEveryBatches = 0 });
        var watch = Stopwatch.StartNew();
        await database.WriteAsync(
            c =>
            {
                // The day twice: two days before the range (for the time predicates to skip) and in it.
                SyntheticData.Insert(c, 350_000, Start.AddDays(-2), days: 1);
                c.Execute("UPDATE spans SET segment = ['free', 'pro', NULL][(hash(trace_id) % 3)::INTEGER + 1], reported_cost = cost WHERE parent_span_id IS NULL");
                c.Execute(
                    """
                    INSERT INTO spans SELECT * REPLACE (start_unix_nano + 86400000000000 * 2 AS start_unix_nano, trace_id || 'b' AS trace_id) FROM spans
                    """);
                c.Execute(
                    """
                    INSERT INTO evaluations (project_id, trace_id, span_id, name, score_value, source, time, time_unix_nano, feature, batch_seq, ingested_at)
                    SELECT project_id, trace_id, span_id, ['quality', 'refusal'][(hash(span_id) % 2)::INTEGER + 1], (hash(span_id) % 100) / 100.0, 'otlp',
                           start_time, start_unix_nano, feature, batch_seq, ingested_at
                    FROM spans WHERE parent_span_id IS NULL
                    """);
                c.Execute(
                    """
                    INSERT INTO metric_points (project_id, name, kind, time, time_unix_nano, start_unix_nano, service, feature, value,
                                               is_monotonic, is_cumulative, bucket_bounds, bucket_counts, attributes, batch_seq, ingested_at)
                    SELECT 'p1', ['vigil.rag.index.documents', 'vigil.rag.index.vectors', 'vigil.rag.index.size', 'vigil.rag.index.reembedded'][i % 4 + 1],
                           1, make_timestamp($start + i * 15000000), ($start + i * 15000000) * 1000, 0, 'svc', 'rag', i, false, false, [], [],
                           '{"gen_ai.data_source.id":"kb-' || (i % 3) || '"}', 1, now()
                    FROM range(4 * 60 * 25) r(i)
                    """,
                    ("start", Time.ToMicros(Start)));
                return 0;
            },
            CancellationToken.None);
        output.WriteLine($"generated a day of data twice: {watch.Elapsed.TotalSeconds:N1} s");

        var day = new TimeRange(Start, Start.AddHours(25));
        await TimeAsync("usage × feature, model", () => store.ReadUsageAsync(new UsageQuery { ProjectId = "p1", Range = day, Dimensions = [UsageDimension.Feature, UsageDimension.Model] }, CancellationToken.None));
        await TimeAsync("billed", () => store.ReadBilledAsync("p1", day, CancellationToken.None));
        await TimeAsync("trace steps", () => store.ReadTraceStepsAsync("p1", "feature-3", day, CancellationToken.None));
        await TimeAsync("vendor stats", () => store.ReadVendorStatsAsync(new VendorStatsQuery { ProjectId = "p1", Range = day, QualityScores = ["quality"] }, CancellationToken.None));
        await TimeAsync("segment stats", () => store.ReadSegmentStatsAsync(new SegmentStatsQuery { ProjectId = "p1", Feature = "feature-3", Range = day, Period = TimeSpan.FromHours(1), QualityScores = ["quality"], RefusalScore = "refusal" }, CancellationToken.None));
        await TimeAsync("audit counts", () => store.ReadAuditCountsAsync("p1", day, ["user.id", "vigil.release", "custom.key"], CancellationToken.None));
        await TimeAsync("index points", () => store.ReadIndexPointsAsync(new IndexPointQuery { ProjectId = "p1", Range = day, Step = TimeSpan.FromMinutes(5) }, CancellationToken.None));
        await TimeAsync("trace sample", () => store.ReadTraceSampleAsync("p1", "feature-3", day, 500, CancellationToken.None));
    }

    private async Task TimeAsync<T>(string name, Func<Task<IReadOnlyList<T>>> query)
    {
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            var rows = await query();
            output.WriteLine($"{name}: {watch.Elapsed.TotalMilliseconds:N1} ms, {rows.Count} rows");
        }
    }
}
