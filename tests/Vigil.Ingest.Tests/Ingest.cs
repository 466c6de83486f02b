using OpenTelemetry.Proto.Collector.Trace.V1;
using Vigil.Core.Pricing;
using Vigil.Ingest.Otlp;

namespace Vigil.Ingest.Tests;

/// <summary>The mapper as the tests call it, with a small price catalog.</summary>
internal static class Ingest
{
    public const string Project = "proj_test";

    /// <summary>gpt-4o at $2.50 / $10 per million tokens, cached input $1.25, from 2024-05-13.</summary>
    public static ModelPrice Gpt4o { get; } = new()
    {
        Model = "gpt-4o",
        Provider = "openai",
        EffectiveFrom = new DateTimeOffset(2024, 5, 13, 0, 0, 0, TimeSpan.Zero),
        InputPerMillion = 2.50m,
        OutputPerMillion = 10.00m,
        CacheReadPerMillion = 1.25m,
        Source = "test",
    };

    public static PriceCatalog Prices => PriceCatalog.Create([Gpt4o]);

    public static MappedTraces Map(ExportTraceServiceRequest request, IngestLimits? limits = null, PriceCatalog? prices = null) =>
        new OtlpTraceMapper(limits ?? new IngestLimits()).Map(request, Project, prices ?? Prices);

    public static Core.Spans.Span MapOne(ExportTraceServiceRequest request, IngestLimits? limits = null)
    {
        var mapped = Map(request, limits);
        Assert.Equal(0, mapped.RejectedSpans);
        return Assert.Single(mapped.Spans);
    }
}
