using Vigil.Core.Queries;
using Vigil.Simulator.Run;
using Vigil.Simulator.Scenarios;
using Vigil.Simulator.Telemetry;

namespace Vigil.Simulator.Tests.Telemetry;

/// <summary>
/// The promise: the OTLP path (the real OpenTelemetry SDK, over HTTP, into a real Vigil
/// server) and the in-process path store the same spans for the same seed, and the same seed is
/// the same run.
/// </summary>
public sealed class TelemetryPathTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The daily low: a few hundred traces, which take seconds to read back one by one.</summary>
    private static readonly DateTimeOffset Early = Monday + TimeSpan.FromHours(4);

    /// <summary>
    /// Twenty minutes of every feature, with failing calls (an OpenAI outage from minute 5) and a
    /// deploy (a support-chat prompt release at minute 10), so that error statuses and two releases
    /// are compared too.
    /// </summary>
    private static Scenario Short(int seed) => new()
    {
        Name = "paths", Seed = seed, Start = Early, Duration = TimeSpan.FromMinutes(20), RequestsPerMinute = 20,
        Faults =
        [
            new FaultSpec("vendor_outage", TimeSpan.FromMinutes(5), null, new Dictionary<string, string> { ["provider"] = "openai", ["error_rate"] = "0.3", ["timeout_rate"] = "0.1" }),
            new FaultSpec("prompt_token_inflation", TimeSpan.FromMinutes(10), null, new Dictionary<string, string> { ["feature"] = "support-chat", ["factor"] = "2" }),
        ],
    };

    private static TimeRange Around(Scenario scenario) => new(scenario.Start!.Value - TimeSpan.FromHours(1), scenario.Start.Value + scenario.Duration + TimeSpan.FromHours(1));

    [Fact]
    public async Task OtlpAndInProcess_SameSeed_StoreTheSameSpans()
    {
        var scenario = Short(seed: 11);
        var inProcessVigil = SimulatedVigil.StartAsync(Monday);
        var otlpVigil = SimulatedVigil.StartAsync(Monday);
        await using var inProcess = await inProcessVigil;
        await using var otlp = await otlpVigil;

        var inProcessRun = inProcess.RunAsync(scenario);
        var otlpRun = RunOverOtlpAsync(otlp, scenario);
        var (inProcessSummary, otlpSummary) = (await inProcessRun, await otlpRun);
        Assert.Equal(inProcessSummary.Spans, otlpSummary.Spans);
        Assert.InRange(inProcessSummary.Requests, 150, 400);

        var reads = new[] { inProcess, otlp }.Select(v => StoredTraces.ReadAsync(v.Store, Around(scenario), withIds: false)).ToList();
        var (expected, actual) = (await reads[0], await reads[1]);
        Assert.Equal(inProcessSummary.Requests, expected.Count);
        Assert.Equal(inProcessSummary.Spans, expected.Values.Sum(lines => lines.Count(l => l.StartsWith("{\"Parent\"", StringComparison.Ordinal))));
        var lines = expected.Values.SelectMany(l => l).ToList();
        Assert.Contains(lines, l => l.Contains("\"Status\":2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"CacheHit\":true", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("{\"SpanName\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"InputContent\":\"", StringComparison.Ordinal) && l.Contains("\"OutputContent\":\"", StringComparison.Ordinal));
        Assert.All(new[] { "extract-invoice", "research-agent", "summarize", "support-chat" }, f => Assert.Contains(lines, l => l.Contains($"\"Feature\":\"{f}\"", StringComparison.Ordinal)));
        Assert.True(lines.Where(l => l.Contains("\"Feature\":\"support-chat\"", StringComparison.Ordinal)).Select(l => Between(l, "\"Release\":", ",}")).Distinct().Count() >= 2, "the deploy changed no release");
        StoredTraces.AssertSame(expected, actual, "in process vs OTLP through the SDK");
    }

    [Fact]
    public async Task InProcess_SameSeedTwice_StoresIdenticalSpans_AndAnotherSeedDifferentOnes()
    {
        var scenario = Short(seed: 5) with { Duration = TimeSpan.FromMinutes(15), RequestsPerMinute = 10 };
        var starts = Enumerable.Range(0, 3).Select(_ => SimulatedVigil.StartAsync(Monday)).ToList();
        await using var first = await starts[0];
        await using var second = await starts[1];
        await using var other = await starts[2];
        await Task.WhenAll(first.RunAsync(scenario), second.RunAsync(scenario), other.RunAsync(scenario with { Seed = 6 }));

        var reads = new[] { first, second, other }.Select(v => StoredTraces.ReadAsync(v.Store, Around(scenario), withIds: true)).ToList();
        var (a, b, c) = (await reads[0], await reads[1], await reads[2]);
        Assert.NotEmpty(a);
        StoredTraces.AssertSame(a, b, "seed 5 twice");
        Assert.Empty(a.Keys.Intersect(c.Keys, StringComparer.Ordinal));
        Assert.NotEqual(a.Values.SelectMany(l => l).Order(StringComparer.Ordinal), c.Values.SelectMany(l => l).Order(StringComparer.Ordinal));
    }

    /// <summary>The text after <paramref name="after"/> up to the next of <paramref name="ends"/> (a JSON value, whether a comma or the object's end follows it).</summary>
    private static string Between(string text, string after, string ends)
    {
        var start = text.IndexOf(after, StringComparison.Ordinal) + after.Length;
        return text[start..text.IndexOfAny([.. ends], start)];
    }

    private static async Task<RunSummary> RunOverOtlpAsync(SimulatedVigil vigil, Scenario scenario)
    {
        using var cts = new CancellationTokenSource(SimulatedVigil.Timeout);
        await using var sink = new OtlpSdkSink(vigil.Host.HttpAddress);
        var summary = await new SimulationRunner(scenario, sink, vigil.Clock).RunAsync(null, cts.Token);
        await vigil.CaughtUpAsync();
        return summary;
    }
}
