using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Spans;
using Vigil.Storage.Contracts;
using Vigil.Storage.DuckDb.Internal;
using Xunit.Abstractions;

namespace Vigil.Storage.DuckDb.Tests;

/// <summary>
/// Reading SLI events on a large file database (VIGIL_TIMING=1 only; prints, asserts no time):
/// <c>VIGIL_TIMING=1 VIGIL_TIMING_SPANS=1000000 dotnet test tests/Vigil.Storage.DuckDb.Tests -c Release --filter SliEventTimingCheck --logger "console;verbosity=detailed"</c>.
/// The baseline reads the whole batch_seq column of both tables; "nothing new" skips the row groups of
/// older batches by their zone maps, so its cost should not grow with the table (compare 1 M and 10 M).
/// </summary>
public sealed class SliEventTimingCheck(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [TimingFact]
    public async Task ReadingSliEvents_OnMillionsOfSpans()
    {
        var count = long.Parse(Environment.GetEnvironmentVariable("VIGIL_TIMING_SPANS") ?? "1000000", CultureInfo.InvariantCulture);
        using var dir = new TempDirectory();
        using var database = DuckDbDatabase.Open(dir.Path, new FakeTimeProvider(Start.AddDays(31)));
        var store = new DuckDbTelemetryStore(database, new DuckDbStoreOptions { CompactEveryBatches = 0 });
        var watch = Stopwatch.StartNew();
        await database.WriteAsync(
            c =>
            {
                SyntheticData.Insert(c, count, Start, days: 30);
                // One evaluation per tenth root span, in batch order like the spans.
                return c.Execute(
                    """
                    INSERT INTO evaluations (project_id, trace_id, span_id, name, score_value, score_label, explanation, response_id,
                                             source, time, time_unix_nano, feature, batch_seq, ingested_at)
                    SELECT project_id, trace_id, span_id, 'relevance', 0.5, NULL, NULL, NULL, 'otlp', start_time, start_unix_nano,
                           feature, batch_seq, ingested_at
                    FROM spans WHERE parent_span_id IS NULL AND hash(span_id) % 10 = 0
                    ORDER BY batch_seq, start_unix_nano
                    """);
            },
            CancellationToken.None);
        output.WriteLine($"generated {count:N0} spans in 30 batches (+ evaluations): {watch.Elapsed.TotalSeconds:N1} s");

        // Ten batches the way ingest writes them, after the synthetic month.
        var factory = new TestSpans();
        for (var b = 0; b < 10; b++)
        {
            var spans = Enumerable.Range(0, 1000).Select(i => factory.Span(start: Start.AddDays(30).AddSeconds((b * 1000) + i), feature: "feature-" + (i % 10))).ToList();
            var evaluations = spans.Where((_, i) => i % 10 == 0).Select(s => new EvaluationResult
            {
                ProjectId = s.ProjectId, TraceId = s.TraceId, SpanId = s.SpanId, Name = "relevance", ScoreValue = 0.5, Source = "otlp",
                TimeUnixNano = s.StartUnixNano, Feature = s.Feature,
            }).ToList();
            await store.AppendAsync(new TelemetryBatch { Spans = spans, Evaluations = evaluations }, CancellationToken.None);
        }

        using (var c = database.OpenReader())
        {
            c.Execute("CHECKPOINT");
        }

        var since = TestSpans.Nanos(Start);
        var whole = await store.ReadSliEventsAsync(0, since, int.MaxValue, CancellationToken.None);
        var last = whole.LastBatch;
        output.WriteLine($"everything in one page: {whole.Spans.Count:N0} spans, {whole.Evaluations.Count:N0} evaluations, last batch {last}");
        var lastButOne = last - 1;  // the ten appends took consecutive numbers

        await TimeAsync("nothing new (cursor = last batch)", () => store.ReadSliEventsAsync(last, since, 10_000, CancellationToken.None));
        await TimeAsync("one new batch (1,000 spans, 100 evaluations)", () => store.ReadSliEventsAsync(lastButOne, since, 10_000, CancellationToken.None));
        await TimeAsync("ten new batches, first page of 5,000 rows", () => store.ReadSliEventsAsync(last - 10, since, 5_000, CancellationToken.None));
        await TimeAsync($"from cursor 0: one synthetic day ({count / 30:N0} spans)", () => store.ReadSliEventsAsync(0, since, 10_000, CancellationToken.None));
        using (var c = database.OpenReader())
        {
            await TimeAsync(
                "baseline: max(batch_seq) of spans and evaluations (whole columns)",
                () => Task.FromResult(c.ScalarInt64("SELECT greatest((SELECT max(batch_seq) FROM spans), (SELECT max(batch_seq) FROM evaluations))")));

            Explain(c, "batches after the last one", SliEventReader.BatchesSql, ("after", last), ("since", since));
            Explain(c, "evaluations of the last batch", SliEventReader.EvaluationsSql, ("after", lastButOne), ("last", last), ("since", since));
        }
    }

    private void Explain(DuckDB.NET.Data.DuckDBConnection connection, string name, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command("EXPLAIN ANALYZE " + sql, parameters);
        using var reader = command.ExecuteReader();
        output.WriteLine($"EXPLAIN ANALYZE, {name}:");
        while (reader.Read())
        {
            output.WriteLine(reader.GetString(1));
        }
    }

    private async Task TimeAsync<T>(string name, Func<Task<T>> query)
    {
        for (var i = 0; i < 3; i++)
        {
            await query();
        }

        var times = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"{name}: median {times.Order().ElementAt(4):N2} ms (min {times.Min():N2}, max {times.Max():N2})");
    }
}
