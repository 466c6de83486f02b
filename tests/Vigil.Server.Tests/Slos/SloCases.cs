using Vigil.Core.Slos;

namespace Vigil.Server.Tests.Slos;

/// <summary>An SLO of one kind and how one task of its feature looks when healthy and when bad.</summary>
internal sealed record SloCase(SloDefinition Slo, Func<DateTimeOffset, bool, IEnumerable<SpanSpec>> Task)
{
    public string Name => Slo.Name;

    public static SloDefinition Define(string name, SliDefinition indicator, double objective = 0.99) => new()
    {
        Name = name,
        Indicator = indicator,
        Objective = objective,
        Window = SloTimeWindow.Rolling(TimeSpan.FromDays(30)),
    };

    public static SpanSpec Root(DateTimeOffset start, string feature, string traceId) => new()
    {
        TraceId = traceId,
        SpanId = SloTraffic.NewSpanId(),
        Start = start,
        Duration = TimeSpan.FromSeconds(1),
        Feature = feature,
        Operation = "invoke_agent",
    };
}

internal static class SloCases
{
    public static readonly SloCase Quality = new(
        SloCase.Define("qa-quality", new SliDefinition { Kind = SliKind.Quality, Scope = new() { Feature = "qa-summarize" }, ScoreThreshold = 0.7, Evaluations = ["relevance"] }),
        (start, bad) => [SloCase.Root(start, "qa-summarize", SloTraffic.NewTraceId()) with { Evaluations = [("relevance", bad ? 0.2 : 0.9, null)] }]);

    public static readonly SloCase CostPerTask = new(
        SloCase.Define("qa-cost-p99", new SliDefinition { Kind = SliKind.CostPerTask, Scope = new() { Feature = "qa-agent" }, CostThreshold = 0.05m }),
        (start, bad) =>
        {
            var trace = SloTraffic.NewTraceId();
            var root = SloCase.Root(start, "qa-agent", trace);
            var tokens = bad ? (In: 20_000, Out: 2_000) : (In: 1_000, Out: 200); // gpt-4o: $0.009 a healthy task, $0.14 a runaway one
            return
            [
                Call(root, "generation") with { InputTokens = tokens.In, OutputTokens = tokens.Out },
                Call(root, "generation") with { InputTokens = tokens.In, OutputTokens = tokens.Out },
                root,
            ];
        });

    public static readonly SloCase Hallucination = new(
        SloCase.Define("qa-citations", new SliDefinition { Kind = SliKind.Hallucination, Scope = new() { Feature = "qa-rag" } }),
        (start, bad) => [SloCase.Root(start, "qa-rag", SloTraffic.NewTraceId()) with { Evaluations = [("citation_accuracy", null, bad ? "fail" : "pass")] }]);

    public static readonly SloCase StageLatency = new(
        SloCase.Define("qa-retrieval-latency", new SliDefinition { Kind = SliKind.Latency, Scope = new() { Feature = "qa-rag-latency", Stage = "retrieval" }, LatencyThreshold = TimeSpan.FromMilliseconds(300) }),
        (start, bad) =>
        {
            var root = SloCase.Root(start, "qa-rag-latency", SloTraffic.NewTraceId());
            return [Call(root, "retrieval") with { Operation = "retrieval", Duration = TimeSpan.FromMilliseconds(bad ? 900 : 120) }, root];
        });

    public static readonly SloCase CacheHit = new(
        SloCase.Define("qa-cache-hits", new SliDefinition { Kind = SliKind.CacheHit, Scope = new() { Feature = "qa-cache" } }),
        (start, bad) =>
        {
            var root = SloCase.Root(start, "qa-cache", SloTraffic.NewTraceId()) with { CacheHit = !bad };
            return [Call(root, "generation"), root];
        });

    public static readonly SloCase Availability = new(
        SloCase.Define("qa-availability", new SliDefinition { Kind = SliKind.Availability, Scope = new() { Feature = "qa-extract" } }, objective: 0.999),
        (start, bad) => [SloCase.Root(start, "qa-extract", SloTraffic.NewTraceId()) with { Failed = bad }]);

    public static readonly SloCase Ratio = new(
        SloCase.Define("qa-openai-fast-ok", new SliDefinition
        {
            Kind = SliKind.Ratio,
            Scope = new() { Feature = "qa-ratio", Provider = "openai" },
            Good = new GoodSpanCondition { Ok = true, MaxDuration = TimeSpan.FromSeconds(2) },
        }),
        (start, bad) =>
        {
            var root = SloCase.Root(start, "qa-ratio", SloTraffic.NewTraceId());
            return [Call(root, "generation") with { Duration = TimeSpan.FromSeconds(bad ? 5 : 1) }, root];
        });

    public static readonly IReadOnlyList<SloCase> All = [Quality, CostPerTask, Hallucination, StageLatency, CacheHit, Availability, Ratio];

    public static TheoryData<string> Names => [.. All.Select(c => c.Name)];

    private static SpanSpec Call(SpanSpec root, string stage) => new()
    {
        TraceId = root.TraceId,
        SpanId = SloTraffic.NewSpanId(),
        ParentSpanId = root.SpanId,
        Start = root.Start.AddMilliseconds(10),
        Feature = root.Feature,
        Stage = stage,
        Operation = "chat",
        Provider = "openai",
        Model = "gpt-4o",
    };
}
