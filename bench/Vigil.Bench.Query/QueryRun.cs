using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Vigil.Bench.Harness;
using Vigil.Storage.DuckDb;

namespace Vigil.Bench.Query;

/// <summary>One run of the query benchmark.</summary>
internal sealed class QueryRun(QueryOptions options, string work, Report report)
{
    private const double GoalMs = 250;

    private SketchProbe? _probe;

    /// <summary>The server reads the cached data set: retention must not delete any of it, however old the cache is.</summary>
    private const string ServerConfig = "retention:\n  spans: 400d\n  rollups: 400d\n";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        report.Line($"# Vigil query benchmark, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        report.Line();
        report.Line($"Machine: {MachineInfo.Describe()}; load average at start {MachineInfo.LoadAverage()}");
        report.Line($"Source: {MachineInfo.SourceRevision()}");
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Options: --spans {options.Spans} --days {options.Days} --batch {options.BatchSize} --cardinality {options.Cardinality.ToString().ToLowerInvariant()} --runs {options.Runs} --warmup {options.Warmup} --baseline-runs {options.BaselineRuns} --seed {options.Seed}"));
        report.Line();

        var (info, reused) = await Dataset.EnsureAsync(options, cancellationToken);
        var directory = Dataset.DirectoryFor(options.Spans, options.Cardinality);
        var dataDirectory = Dataset.DataDirectory(directory);
        var file = new FileInfo(Path.Combine(dataDirectory, DuckDbDatabase.FileName));
        report.Line("## Data set");
        report.Line();
        report.Table(new TextTable("measure", "value")
            .Row("spans", Units.Count(info.Spans))
            .Row("range", $"{info.From:yyyy-MM-dd HH:mm} .. {info.To:yyyy-MM-dd HH:mm} UTC ({options.Days} days)")
            .Row("cached in", Path.GetRelativePath(RepoPaths.Root, directory) + (reused ? " (reused)" : " (generated now)"))
            .Row("generation (AppendAsync, batches of " + Units.Count(info.BatchSize) + ")",
                string.Create(CultureInfo.InvariantCulture, $"{info.GenerationSeconds:F0} s = {info.Spans / info.GenerationSeconds:N0} spans/s"))
            .Row("final compaction of the rollups", string.Create(CultureInfo.InvariantCulture, $"{info.CompactionSeconds:F1} s"))
            .Row("file size", Units.MiB(file.Exists ? file.Length : 0)));
        report.Line();

        var path = "api/v1/stats?groupBy=feature&step=1h&from=" + Uri.EscapeDataString(info.From.ToString("O", CultureInfo.InvariantCulture))
            + "&to=" + Uri.EscapeDataString(info.To.ToString("O", CultureInfo.InvariantCulture));
        var (apiTimes, apiAnswer, serverRss) = await TimeApiAsync(dataDirectory, path, cancellationToken);
        var (storeTimes, variants, json) = await StoreVariants.RunAsync(dataDirectory, info, options.Warmup, options.Runs, cancellationToken);
        var (rawTimes, rawAnswer, tables) = TimeRaw(file.FullName, info);

        report.Line($"## GET /{path}");
        report.Line();
        var apiP95 = Percentiles.OfSorted(apiTimes, 0.95);
        var rawP50 = Percentiles.OfSorted(rawTimes, 0.5);
        var apiP50 = Percentiles.OfSorted(apiTimes, 0.5);
        report.Table(new TextTable("what", "runs", "p50", "p95", "max")
            .Row("API over HTTP (vigil serve, rollups)", Units.Count(apiTimes.Length), Units.Ms(apiP50), Units.Ms(apiP95), Units.Ms(apiTimes[^1]))
            .Row("DuckDbTelemetryStore.GetStatsAsync in process", Units.Count(storeTimes.Length), Units.Ms(Percentiles.OfSorted(storeTimes, 0.5)), Units.Ms(Percentiles.OfSorted(storeTimes, 0.95)), Units.Ms(storeTimes[^1]))
            .Row("baseline: naive SQL over raw spans", Units.Count(rawTimes.Length), Units.Ms(rawP50), Units.Ms(Percentiles.OfSorted(rawTimes, 0.95)), Units.Ms(rawTimes[^1])));
        report.Line(string.Create(CultureInfo.InvariantCulture, $"Ratio raw / API (p50): {rawP50 / apiP50:F1}x faster through the rollups. Server peak RSS while answering: {Units.MiB(serverRss)}."));
        report.Line();

        report.Line("## Where the time goes (in process, DuckDbTelemetryStore.GetStatsAsync, p50)");
        report.Line();
        var variantTable = new TextTable("query", "p50", "series", "points");
        foreach (var v in variants)
        {
            variantTable.Row(v.Name, Units.Ms(v.P50Ms), Units.Count(v.Series), Units.Count(v.Points));
        }

        report.Table(variantTable);
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"JSON serialisation of the goal answer (API conventions, System.Text.Json): {json.Ms:F1} ms for {json.Bytes:N0} bytes. HTTP + JSON + server overhead (API p50 - in-process p50): {apiP50 - Percentiles.OfSorted(storeTimes, 0.5):F0} ms."));
        if (_probe is { } p)
        {
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"All {p.Rows:N0} per-feature hourly sketch {p.Form} (rollup_hour_dim_sketch, dim 1; {p.Size / 1048576.0:F1} {p.SizeUnit}, {p.Pairs:N0} bucket:count pairs): read from DuckDB in {p.ReadMs:F0} ms, taken apart in {p.ParseMs:F0} ms (second read, warm)."));
        }

        report.Line();

        report.Line("## Rows read");
        report.Line();
        var rowTable = new TextTable("table", "rows");
        foreach (var (table, rows) in tables)
        {
            rowTable.Row(table, Units.Count(rows));
        }

        report.Table(rowTable);
        report.Line();

        var (countsMatch, correctness) = Compare(apiAnswer, rawAnswer);
        report.Line("## Correctness (API vs raw spans)");
        report.Line();
        foreach (var line in correctness)
        {
            report.Line(line);
        }

        report.Line();
        report.Line($"Load average at the end: {MachineInfo.LoadAverage()}");
        report.Line();
        report.Line("## Goal");
        report.Line();
        report.Table(new TextTable("goal", "measured", "verdict")
            .Row("/api/v1/stats per feature per hour, 30 days, " + Units.Count(info.Spans) + " spans: p95 <= 250 ms", Units.Ms(apiP95), Report.Verdict(apiP95 <= GoalMs))
            .Row("counts per feature and hour equal the raw counts", countsMatch ? "equal" : "differ", Report.Verdict(countsMatch)));
        var saved = await report.SaveAsync($"query-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}.md", cancellationToken);
        Console.WriteLine();
        Console.WriteLine($"Report saved to {saved}");
        return countsMatch ? 0 : 1;
    }

    private async Task<(double[] Times, StatsAnswer Answer, long PeakRss)> TimeApiAsync(string dataDirectory, string path, CancellationToken cancellationToken)
    {
        var start = Stopwatch.StartNew();
        await using var server = await VigilServer.StartAsync(
            new VigilServerOptions { VigilDll = options.VigilDll, DataDirectory = dataDirectory, WorkingDirectory = Path.Combine(work, "server"), ConfigYaml = ServerConfig },
            cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(vigil serve pid {server.ProcessId} ready at {server.Http} in {start.Elapsed.TotalSeconds:F1} s)"));
        using var http = new HttpClient { BaseAddress = server.Http, Timeout = TimeSpan.FromMinutes(5) };
        var times = new List<double>();
        byte[] body = [];
        for (var i = 0; i < options.Warmup + options.Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {path}: HTTP {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  API {(i < options.Warmup ? "warm-up" : "run")} {i + 1}: {elapsed:F1} ms, {body.Length:N0} bytes"));
            if (i >= options.Warmup)
            {
                times.Add(elapsed);
            }
        }

        var peak = server.Sampler.PeakRss();
        await server.StopAsync(TimeSpan.FromMinutes(2));
        return (Percentiles.Sorted(times), StatsAnswer.FromApiJson(body), peak);
    }

    private (double[] Times, StatsAnswer Answer, List<(string Table, long Rows)> Tables) TimeRaw(string file, DatasetInfo info)
    {
        using var connection = new DuckDBConnection($"Data Source={file}");
        connection.Open();
        RawStats.ProbeDimensionSketches(connection);
        _probe = RawStats.ProbeDimensionSketches(connection);
        var tables = new List<(string, long)> { ("spans", RawStats.Scalar(connection, "SELECT count(*) FROM spans")) };
        foreach (var table in RawStats.Strings(connection, "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'rollup%' ORDER BY table_name"))
        {
            tables.Add((table, RawStats.Scalar(connection, $"SELECT count(*) FROM \"{table}\"")));
        }

        tables.Add(("rollup_minute rows not compacted (batch_seq > 0)", RawStats.Scalar(connection, "SELECT count(*) FROM rollup_minute WHERE batch_seq > 0")));
        tables.Add(("distinct rollup keys per hour (mean)", RawStats.Scalar(connection, "SELECT CAST(avg(n) AS BIGINT) FROM (SELECT count(*) AS n FROM rollup_hour GROUP BY hour)")));

        var sql = RawStats.Sql(info.From, info.To);
        StatsAnswer answer = new();
        var times = new List<double>();
        for (var i = 0; i < 1 + options.BaselineRuns; i++)
        {
            var (result, ms) = RawStats.Run(connection, sql);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  raw SQL {(i == 0 ? "warm-up" : "run")} {i + 1}: {ms:F0} ms"));
            answer = result;
            if (i > 0)
            {
                times.Add(ms);
            }
        }

        return (Percentiles.Sorted(times), answer, tables);
    }

    private static (bool CountsMatch, List<string> Lines) Compare(StatsAnswer api, StatsAnswer raw)
    {
        var lines = new List<string>();
        var apiByFeature = api.CountByFeature();
        var rawByFeature = raw.CountByFeature();
        var table = new TextTable("feature", "API count", "raw count");
        var features = apiByFeature.Keys.Union(rawByFeature.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var feature in features)
        {
            table.Row(feature, Units.Count(apiByFeature.GetValueOrDefault(feature)), Units.Count(rawByFeature.GetValueOrDefault(feature)));
        }

        lines.AddRange(table.ToString().TrimEnd().Split(Environment.NewLine));
        var differing = raw.Cells.Count(c => !api.Cells.TryGetValue(c.Key, out var a) || a.Count != c.Value.Count)
            + api.Cells.Count(c => !raw.Cells.ContainsKey(c.Key));
        var costDiff = raw.Cells.Sum(c => c.Value.CostSum) - api.Cells.Sum(c => c.Value.CostSum);
        lines.Add(string.Empty);
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"(feature, hour) cells: API {api.Cells.Count:N0}, raw {raw.Cells.Count:N0}, cells whose count differs: {differing:N0}; total spans API {api.TotalCount:N0}, raw {raw.TotalCount:N0}; cost sum difference {costDiff:G3} USD."));
        foreach (var (quantile, median, p95, max, cells) in StatsAnswer.QuantileAgreement(api, raw, 200))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"Latency {quantile} from the sketches vs exact quantile_cont, {cells:N0} cells with >= 200 spans: relative difference median {100 * median:F2} %, 95th percentile {100 * p95:F2} %, max {100 * max:F2} %."));
        }

        return (differing == 0 && api.TotalCount == raw.TotalCount, lines);
    }
}
