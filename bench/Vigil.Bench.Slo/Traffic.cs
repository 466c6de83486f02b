using System.Globalization;
using Vigil.Core.Projects;
using Vigil.Core.Slos;
using Vigil.Core.Spans;

namespace Vigil.Bench.Slo;

/// <summary>Spans and evaluation results of one stretch of time, as the store takes them and as SLIs read them.</summary>
internal sealed record TrafficSlice(List<Span> Spans, List<EvaluationResult> Evaluations, List<SliSpan> SliSpans, List<SliEvaluation> SliEvaluations)
{
    public TelemetryBatch Batch => new() { Spans = Spans, Evaluations = Evaluations };
}

/// <summary>
/// Synthetic traces of the catalogue's features: a root span (end to end, 0.3 % errors, median 2 s),
/// a retrieval (median 60 ms), an embedding, and one or two chat generations (primary model 85 %,
/// fallback 15 %, median 1.2 s, 0.5 % errors, a quarter cache hits, priced) — 4.5 spans a trace.
/// Evaluation results name a generation span: relevance scores, citation and schema checks.
/// </summary>
internal sealed class Traffic(int seed)
{
    public const double MeanSpansPerTrace = 4.5;
    public const double MeanGenerationsPerTrace = 1.5;

    private static readonly string[] EvaluationNames = ["relevance", "citation_accuracy", "schema_compliance"];

    private readonly Random _random = new(seed);
    private readonly double[] _cumulative = Cumulative();
    private long _traces;
    private long _spanIds;

    /// <summary>
    /// Traces starting in [<paramref name="fromNano"/>, <paramref name="toNano"/>) until
    /// <paramref name="spans"/> spans, and <paramref name="evaluations"/> evaluation results of them.
    /// </summary>
    public TrafficSlice Generate(long fromNano, long toNano, int spans, int evaluations, bool forSli)
    {
        var list = new List<Span>(spans + 4);
        var generations = new List<Span>((int)(spans / MeanSpansPerTrace * 2));
        while (list.Count < spans)
        {
            AddTrace(list, generations, fromNano + _random.NextInt64(0, Math.Max(1, toNano - fromNano)));
        }

        var results = new List<EvaluationResult>(evaluations);
        var evaluated = new List<Span>(evaluations);
        for (var i = 0; i < evaluations && generations.Count > 0; i++)
        {
            var span = generations[_random.Next(generations.Count)];
            var name = EvaluationNames[_random.Next(EvaluationNames.Length)];
            var passed = _random.NextDouble() < (name == "relevance" ? 0.94 : 0.99);
            results.Add(new EvaluationResult
            {
                ProjectId = span.ProjectId,
                TraceId = span.TraceId,
                SpanId = span.SpanId,
                Name = name,
                ScoreValue = name == "relevance" ? (passed ? 0.7 + (0.3 * _random.NextDouble()) : 0.69 * _random.NextDouble()) : null,
                ScoreLabel = name == "relevance" ? null : passed ? "pass" : "fail",
                Source = "otlp",
                TimeUnixNano = span.StartUnixNano + span.DurationNano,
                Feature = span.Feature,
            });
            evaluated.Add(span);
        }

        return forSli
            ? new TrafficSlice(list, results, [.. list.Select(SliSpan.From)], [.. results.Select((e, i) => ToSli(e, evaluated[i]))])
            : new TrafficSlice(list, results, [], []);
    }

    /// <summary>An evaluation as the store's reader hands it to SLIs: with the dimensions of the span it evaluated.</summary>
    private static SliEvaluation ToSli(EvaluationResult e, Span s) => new()
    {
        ProjectId = e.ProjectId,
        TraceId = e.TraceId,
        Name = e.Name,
        ScoreValue = e.ScoreValue,
        ScoreLabel = e.ScoreLabel,
        Source = e.Source,
        TimeUnixNano = e.TimeUnixNano,
        Feature = e.Feature,
        Team = s.Team,
        Segment = s.Segment,
        Stage = s.Stage,
        Provider = s.Provider,
        Model = s.Model,
    };

    private void AddTrace(List<Span> spans, List<Span> generations, long start)
    {
        var found = Array.BinarySearch(_cumulative, _random.NextDouble());
        var feature = SloCatalog.Features[Math.Min(found >= 0 ? found : ~found, _cumulative.Length - 1)];
        var traceId = (++_traces).ToString("x32", CultureInfo.InvariantCulture);
        var root = NewSpan(feature, traceId, null, start, LogNormal(2_000, 0.45), 0.003) with
        {
            Name = "POST /" + feature.Name,
            Kind = SpanKind.Server,
            Stage = Stages.EndToEnd,
            Operation = "invoke_workflow",
        };
        spans.Add(root);
        var at = start + 2_000_000;
        var retrieval = NewSpan(feature, traceId, root.SpanId, at, LogNormal(60, 0.6), 0.002) with { Name = "retrieval kb", Stage = Stages.Retrieval, Operation = "retrieval" };
        spans.Add(retrieval);
        at += retrieval.DurationNano;
        var embedding = NewSpan(feature, traceId, root.SpanId, at, LogNormal(40, 0.5), 0.001) with
        {
            Name = "embeddings text-embedding-3-small",
            Stage = Stages.Embedding,
            Operation = "embeddings",
            Provider = "openai",
            RequestModel = "text-embedding-3-small",
            ResponseModel = "text-embedding-3-small",
            Usage = new TokenUsage { Input = 300 },
            Cost = 0.000006m,
            Pricing = PricingStatus.Priced,
        };
        spans.Add(embedding);
        at += embedding.DurationNano;
        for (var g = _random.NextDouble() < 0.5 ? 1 : 2; g > 0; g--)
        {
            var primary = _random.NextDouble() < 0.85;
            var (provider, model) = primary ? (feature.Provider, feature.Model) : (feature.FallbackProvider, feature.FallbackModel);
            var cached = _random.NextDouble() < 0.25;
            var generation = NewSpan(feature, traceId, root.SpanId, at, LogNormal(1_200, 0.5), 0.005) with
            {
                Name = "chat " + model,
                Stage = Stages.Generation,
                Operation = "chat",
                Provider = provider,
                RequestModel = model,
                ResponseModel = model,
                Usage = new TokenUsage { Input = 1_200, Output = 250, CacheRead = cached ? 600 : null },
                Cost = decimal.Round((decimal)LogNormal(4, 0.7) / 1000m, 8),
                Pricing = PricingStatus.Priced,
                CacheHit = cached,
            };
            spans.Add(generation);
            generations.Add(generation);
            at += generation.DurationNano;
        }
    }

    private Span NewSpan(Feature feature, string traceId, string? parent, long start, double durationMs, double errorRatio)
    {
        var failed = _random.NextDouble() < errorRatio;
        return new Span
        {
            ProjectId = ProjectIds.Default,
            TraceId = traceId,
            SpanId = (++_spanIds).ToString("x16", CultureInfo.InvariantCulture),
            ParentSpanId = parent,
            Name = "span",
            Kind = SpanKind.Client,
            StartUnixNano = start,
            DurationNano = (long)(durationMs * 1_000_000),
            Status = failed ? SpanStatus.Error : SpanStatus.Unset,
            ErrorType = failed ? "upstream_error" : null,
            Service = "assistant-api",
            Feature = feature.Name,
            Team = feature.Team,
            Environment = "production",
        };
    }

    private double LogNormal(double median, double sigma)
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return median * Math.Exp(sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    private static double[] Cumulative()
    {
        var sum = 0.0;
        var total = SloCatalog.Features.Sum(f => f.Weight);
        return [.. SloCatalog.Features.Select(f => sum += f.Weight / total)];
    }
}
