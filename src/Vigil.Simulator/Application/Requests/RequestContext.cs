using System.Diagnostics;
using Vigil.Simulator.Faults;
using Vigil.Simulator.Generation;
using Vigil.Simulator.Telemetry;

namespace Vigil.Simulator.Application.Requests;

/// <summary>Everything one request of the application needs: its random source, time, user, release and the world.</summary>
public sealed class RequestContext
{
    public required Random Random { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required Feature Feature { get; init; }

    public required FeatureControls Controls { get; init; }

    public required User User { get; init; }

    public required string Session { get; init; }

    public required FaultSchedule Faults { get; init; }

    public required World World { get; init; }

    public Release Release => Controls.Release;

    public List<SimSpan> Spans { get; } = [];

    private string? _traceId;

    /// <summary>The request's trace id (drawn on first use).</summary>
    public string Trace => _traceId ??= Hex(16);

    public Effects EffectsFor(Route route, DateTimeOffset at) => Faults.EffectsFor(at, Feature.Name, route, User.Segment);

    public string Hex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        Random.NextBytes(buffer);
        buffer[0] |= 1; // never all zero
        return Convert.ToHexStringLower(buffer);
    }

    /// <summary>A new span of this request's trace, with the attribution every span carries.</summary>
    public SimSpan NewSpan(string name, ActivityKind kind, DateTimeOffset start, string? parent)
    {
        var span = new SimSpan { TraceId = Trace, SpanId = Hex(8), ParentSpanId = parent, Name = name, Kind = kind, Start = start, End = start };
        span.Set("vigil.feature", Feature.Name)
            .Set("vigil.team", Feature.Team)
            .Set("vigil.release", Release.Id)
            .Set("vigil.prompt.version", Release.Prompt.Version)
            .Set("vigil.index.version", Release.Index is { } index ? $"{index.Name}@{index.Version}" : null)
            .Set("vigil.routing.version", Release.Routing.Version)
            .Set("vigil.segment", User.Segment)
            .Set("user.id", User.Id)
            .Set("session.id", Session);
        Spans.Add(span);
        return span;
    }

    /// <summary>Whether an event with probability <paramref name="p"/> happens.</summary>
    public bool Chance(double p) => Random.NextDouble() < p;

    /// <summary>A log-normal draw with the given median and spread (σ of the log).</summary>
    public double LogNormal(double median, double sigma)
    {
        return median * Math.Exp(sigma * Traffic.StandardNormal(Random));
    }
}

/// <summary>What stays the same across requests: the knowledge base, token counter, price catalog, input pools.</summary>
public sealed class World(TokenCounter tokens, KnowledgeBase knowledge, Core.Pricing.PriceCatalog prices, InputPools inputs)
{
    public TokenCounter Tokens => tokens;

    public KnowledgeBase Knowledge => knowledge;

    public Core.Pricing.PriceCatalog Prices => prices;

    public InputPools Inputs => inputs;
}
