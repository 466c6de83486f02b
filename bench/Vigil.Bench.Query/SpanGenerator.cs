using System.Globalization;
using Vigil.Core.Pricing;
using Vigil.Core.Spans;

namespace Vigil.Bench.Query;

/// <summary>How the dimensions of generated spans relate to each other.</summary>
internal enum Cardinality
{
    /// <summary>
    /// As applications look: each feature belongs to one team and calls its own primary and fallback
    /// chat models; releases roll out one after another (two live during a half-day canary); the stage
    /// follows the operation (retrieval and end-to-end spans have no model).
    /// </summary>
    Realistic,

    /// <summary>Every dimension drawn independently: the full cross product of keys, the worst case for rollups.</summary>
    Cross,
}

/// <summary>
/// Synthetic GenAI spans over a time range: 8 features of 3 teams, 4 models of 2 providers (3 chat
/// models and an embedding model), 6 releases, 4 stages, priced with the built-in catalog, log-normal
/// latencies and token counts, 1.5 % errors. Deterministic for a seed.
/// </summary>
internal sealed class SpanGenerator(Cardinality cardinality, DateTimeOffset from, DateTimeOffset to, int seed)
{
    private static readonly (string Name, string Team, int Primary, int Fallback)[] Features =
    [
        ("support-chat", "support", 0, 2), ("ticket-triage", "support", 0, 1), ("email-draft", "support", 2, 0),
        ("search-answers", "search", 1, 0), ("doc-summarize", "search", 2, 1),
        ("code-review", "platform", 1, 2), ("sql-assistant", "platform", 1, 0), ("onboarding-agent", "platform", 0, 2),
    ];

    private static readonly string[] Teams = ["support", "search", "platform"];

    private static readonly (string Provider, string Model, double MedianMs)[] ChatModels =
    [
        (ProviderNames.OpenAI, "gpt-4o-mini", 700), (ProviderNames.OpenAI, "gpt-4.1", 1400), (ProviderNames.Anthropic, "claude-sonnet-4-5", 1800),
    ];

    private static readonly (string Provider, string Model) Embedding = (ProviderNames.OpenAI, "text-embedding-3-small");

    private static readonly string[] ReleaseNames = ["2026.10.1", "2026.10.2", "2026.10.3", "2026.11.1", "2026.11.2", "2026.11.3"];

    private static readonly string[] StageNames = [Stages.Generation, Stages.Embedding, Stages.Retrieval, Stages.EndToEnd];

    private static readonly Dictionary<string, string> ServerOpenAi = new(StringComparer.Ordinal) { ["server.address"] = "api.openai.com" };
    private static readonly Dictionary<string, string> ServerAnthropic = new(StringComparer.Ordinal) { ["server.address"] = "api.anthropic.com" };
    private static readonly Dictionary<string, string> NoAttributes = new(StringComparer.Ordinal);

    private readonly Random _random = new(seed);
    private readonly PriceCatalog _prices = PriceCatalog.Create(BuiltInPrices.All);
    private readonly long _fromNano = ToNano(from);
    private readonly long _rangeNano = ToNano(to) - ToNano(from);
    private long _seq;

    public static IReadOnlyList<string> FeatureNames { get; } = [.. Features.Select(f => f.Name)];

    /// <summary>
    /// Batch <paramref name="index"/> of <paramref name="count"/>: <paramref name="size"/> spans
    /// starting in that slice of the range, so that batches arrive in time order as live traffic does.
    /// </summary>
    public Span[] Batch(int index, int count, int size)
    {
        var sliceNano = _rangeNano / count;
        var sliceStart = _fromNano + (sliceNano * index);
        var spans = new Span[size];
        for (var i = 0; i < size; i++)
        {
            spans[i] = Next(sliceStart + _random.NextInt64(0, sliceNano));
        }

        return spans;
    }

    private Span Next(long startNano)
    {
        var seq = ++_seq;
        var feature = Features[_random.Next(Features.Length)];
        var stage = PickStage();
        var release = cardinality == Cardinality.Cross ? ReleaseNames[_random.Next(ReleaseNames.Length)] : ReleaseAt(startNano);
        var team = cardinality == Cardinality.Cross ? Teams[_random.Next(Teams.Length)] : feature.Team;

        string? provider = null;
        string? model = null;
        double medianMs;
        var usage = TokenUsage.None;
        string operation;
        string name;
        if (stage == Stages.Generation)
        {
            var chat = cardinality == Cardinality.Cross
                ? ChatModels[_random.Next(ChatModels.Length)]
                : ChatModels[_random.NextDouble() < 0.85 ? feature.Primary : feature.Fallback];
            (provider, model, medianMs) = chat;
            var input = (long)LogNormal(1_200, 0.8);
            usage = new TokenUsage { Input = input, Output = (long)LogNormal(250, 0.7), CacheRead = _random.NextDouble() < 0.3 ? input / 2 : null };
            operation = "chat";
            name = "chat " + model;
        }
        else if (stage == Stages.Embedding)
        {
            (provider, model) = Embedding;
            medianMs = 60;
            usage = new TokenUsage { Input = (long)LogNormal(300, 0.6) };
            operation = "embeddings";
            name = "embeddings " + model;
        }
        else if (stage == Stages.Retrieval)
        {
            medianMs = 35;
            operation = "retrieval";
            name = "retrieval vector-index";
        }
        else
        {
            medianMs = 2_500;
            operation = "invoke_workflow";
            name = "POST /" + feature.Name;
        }

        if (cardinality == Cardinality.Cross && stage is Stages.Retrieval or Stages.EndToEnd && _random.NextDouble() < 0.5)
        {
            // The cross product also pairs model-less stages with models.
            (provider, model, _) = ChatModels[_random.Next(ChatModels.Length)];
        }

        var startTime = DateTimeOffset.UnixEpoch.AddTicks(startNano / 100);
        var pricing = usage.IsEmpty ? PricingOutcome.NotApplicable : PriceCalculator.Price(_prices, provider, model, usage, startTime);
        var failed = _random.NextDouble() < 0.015;
        var id = seq.ToString("x16", CultureInfo.InvariantCulture);
        return new Span
        {
            ProjectId = "default",
            TraceId = "0000000000000000" + id,
            SpanId = id,
            Name = name,
            Kind = stage == Stages.EndToEnd ? SpanKind.Server : SpanKind.Client,
            StartUnixNano = startNano,
            DurationNano = (long)(LogNormal(medianMs, 0.6) * 1_000_000),
            Status = failed ? SpanStatus.Error : SpanStatus.Unset,
            ErrorType = failed ? "rate_limit_exceeded" : null,
            Service = "assistant-api",
            Feature = feature.Name,
            Team = team,
            UserId = "user-" + _random.Next(20_000).ToString(CultureInfo.InvariantCulture),
            Environment = "production",
            Operation = operation,
            Stage = stage,
            Provider = provider,
            RequestModel = model,
            ResponseModel = model,
            Release = release,
            Usage = usage,
            Cost = pricing.Cost,
            Pricing = pricing.Status,
            FinishReasons = stage == Stages.Generation ? ["stop"] : [],
            Attributes = provider == ProviderNames.OpenAI ? ServerOpenAi : provider == ProviderNames.Anthropic ? ServerAnthropic : NoAttributes,
        };
    }

    private string PickStage()
    {
        if (cardinality == Cardinality.Cross)
        {
            return StageNames[_random.Next(StageNames.Length)];
        }

        var roll = _random.NextDouble();
        return roll < 0.55 ? Stages.Generation : roll < 0.70 ? Stages.Embedding : roll < 0.90 ? Stages.Retrieval : Stages.EndToEnd;
    }

    /// <summary>Releases roll out in equal steps over the range; for the first 12 hours of each, half the traffic still runs the previous one.</summary>
    private string ReleaseAt(long startNano)
    {
        var step = _rangeNano / ReleaseNames.Length;
        var index = (int)Math.Min(ReleaseNames.Length - 1, (startNano - _fromNano) / step);
        var sinceRollout = startNano - _fromNano - (index * step);
        if (index > 0 && sinceRollout < TimeSpan.FromHours(12).Ticks * 100 && _random.NextDouble() < 0.5)
        {
            index--;
        }

        return ReleaseNames[index];
    }

    private double LogNormal(double median, double sigma)
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Max(1, median * Math.Exp(sigma * z));
    }

    private static long ToNano(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;
}
