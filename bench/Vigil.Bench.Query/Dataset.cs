using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Spectre.Console;
using Vigil.Bench.Harness;
using Vigil.Core.Spans;
using Vigil.Storage.DuckDb;

namespace Vigil.Bench.Query;

/// <summary>What a generated data set holds and what generating it cost (saved as dataset.json beside the data).</summary>
internal sealed record DatasetInfo
{
    public required long Spans { get; init; }
    public required Cardinality Cardinality { get; init; }
    public required int Seed { get; init; }
    public required int BatchSize { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    /// <summary>Generating and appending the spans (AppendAsync, rollups included).</summary>
    public required double GenerationSeconds { get; init; }
    public required double CompactionSeconds { get; init; }
}

/// <summary>
/// The store the query benchmark reads: N spans over the range ending at the minute of generation,
/// appended through <see cref="DuckDbTelemetryStore.AppendAsync"/> in time-ordered batches (rollups
/// written in the same transactions, as at ingestion), then compacted as the running server does
/// for every minute past its lag. Cached under bench/results/query-data/&lt;spans&gt;-&lt;cardinality&gt;
/// so that reruns skip generation; a directory without dataset.json is an interrupted run and is redone.
/// The directory name carries a hash of the store's migrations: a schema change regenerates the data
/// (and removes the stale copy). A change of rollup logic without a schema change needs --regenerate.
/// </summary>
internal static class Dataset
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string DirectoryFor(long spans, Cardinality cardinality) =>
        Path.Combine(RepoPaths.Results, "query-data", $"{Prefix(spans, cardinality)}{SchemaHash}");

    /// <summary>The first 8 hex digits of SHA-256 over the store's embedded migration scripts, in name order.</summary>
    public static string SchemaHash { get; } = ComputeSchemaHash();

    private static string Prefix(long spans, Cardinality cardinality) =>
        string.Create(CultureInfo.InvariantCulture, $"{spans}-{cardinality.ToString().ToLowerInvariant()}-");

    private static string ComputeSchemaHash()
    {
        var assembly = typeof(DuckDbDatabase).Assembly;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(".Migrations.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            hash.AppendData(buffer.ToArray());
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..8];
    }

    public static string DataDirectory(string directory) => Path.Combine(directory, "data");

    public static async Task<(DatasetInfo Info, bool Reused)> EnsureAsync(QueryOptions options, CancellationToken cancellationToken)
    {
        var directory = DirectoryFor(options.Spans, options.Cardinality);
        var infoPath = Path.Combine(directory, "dataset.json");
        if (!options.Regenerate && File.Exists(infoPath))
        {
            await using var stream = File.OpenRead(infoPath);
            var cached = await JsonSerializer.DeserializeAsync<DatasetInfo>(stream, Json, cancellationToken);
            if (cached is not null)
            {
                return (cached, true);
            }
        }

        // Interrupted runs, and copies made for an older schema: gigabytes that nothing will read again.
        var parent = Path.GetDirectoryName(directory)!;
        if (Directory.Exists(parent))
        {
            foreach (var stale in Directory.GetDirectories(parent, Prefix(options.Spans, options.Cardinality) + "*"))
            {
                Directory.Delete(stale, recursive: true);
            }
        }

        var info = await GenerateAsync(options, DataDirectory(directory), cancellationToken);
        await File.WriteAllTextAsync(infoPath, JsonSerializer.Serialize(info, Json), cancellationToken);
        return (info, false);
    }

    private static async Task<DatasetInfo> GenerateAsync(QueryOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var to = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var from = to - TimeSpan.FromDays(options.Days);
        var batches = (int)Math.Max(1, (options.Spans + options.BatchSize - 1) / options.BatchSize);
        var generator = new SpanGenerator(options.Cardinality, from, to, options.Seed);
        var generation = Stopwatch.StartNew();
        double compactionSeconds;
        using (var database = DuckDbDatabase.Open(dataDirectory, TimeProvider.System))
        {
            var store = new DuckDbTelemetryStore(database);
            async Task AppendAllAsync(Action<long> progress)
            {
                var written = 0L;
                for (var b = 0; b < batches; b++)
                {
                    var size = (int)Math.Min(options.BatchSize, options.Spans - written);
                    await store.AppendAsync(new TelemetryBatch { Spans = generator.Batch(b, batches, size) }, cancellationToken);
                    written += size;
                    progress(written);
                }
            }

            await WithProgressAsync(options.Spans, generation, AppendAllAsync);
            generation.Stop();
            var compaction = Stopwatch.StartNew();
            await store.CompactRollupsAsync(to, cancellationToken);
            compactionSeconds = compaction.Elapsed.TotalSeconds;
        }

        return new DatasetInfo
        {
            Spans = options.Spans,
            Cardinality = options.Cardinality,
            Seed = options.Seed,
            BatchSize = options.BatchSize,
            From = from,
            To = to,
            GeneratedAt = now,
            GenerationSeconds = generation.Elapsed.TotalSeconds,
            CompactionSeconds = compactionSeconds,
        };
    }

    /// <summary>A Spectre.Console progress bar on an interactive terminal; otherwise a line every 5 %.</summary>
    private static async Task WithProgressAsync(long total, Stopwatch clock, Func<Action<long>, Task> work)
    {
        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"Appending {total:N0} spans", maxValue: total);
                    await work(written => task.Value = written);
                });
            return;
        }

        var nextReport = total / 20;
        await work(written =>
        {
            if (written >= nextReport || written == total)
            {
                var seconds = clock.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  appended {written:N0} / {total:N0} spans ({100.0 * written / total:F0} %) in {seconds:F0} s, {written / seconds:N0} spans/s"));
                nextReport = written + (total / 20);
            }
        });
    }
}
