using Google.Protobuf;

namespace Vigil.Ingest.Tests;

public sealed class SpanValidationTests
{
    [Fact]
    public void Map_InvalidIds_RejectSpanAndKeepTheRest()
    {
        var shortTrace = Make.Span();
        shortTrace.TraceId = ByteString.CopyFrom(new byte[12]);
        var zeroSpan = Make.Span();
        zeroSpan.SpanId = ByteString.CopyFrom(new byte[8]);
        var badParent = Make.Span();
        badParent.ParentSpanId = ByteString.CopyFrom(new byte[] { 1, 2, 3 });
        var zeroTrace = Make.Span();
        zeroTrace.TraceId = ByteString.CopyFrom(new byte[16]);

        var mapped = Ingest.Map(Make.Traces(Make.Span(), shortTrace, zeroSpan, badParent, zeroTrace, Make.Span()));

        Assert.Equal(2, mapped.Spans.Count);
        Assert.Equal(4, mapped.RejectedSpans);
        Assert.Equal(
        [
            "resourceSpans[0].scopeSpans[0].spans[1]: traceId must be 16 bytes, got 12",
            "resourceSpans[0].scopeSpans[0].spans[2]: spanId is all zeros",
            "resourceSpans[0].scopeSpans[0].spans[3]: parentSpanId must be empty or 8 bytes, got 3",
            "resourceSpans[0].scopeSpans[0].spans[4]: traceId is all zeros",
        ], mapped.Errors);
    }

    [Fact]
    public void Map_NegativeDuration_RejectsSpan()
    {
        var otlp = Make.Span();
        otlp.EndTimeUnixNano = otlp.StartTimeUnixNano - 1;

        var mapped = Ingest.Map(Make.Traces(otlp));

        Assert.Empty(mapped.Spans);
        Assert.Contains("negative duration", Assert.Single(mapped.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Map_StartTimeZero_RejectsSpan()
    {
        var otlp = Make.Span();
        otlp.StartTimeUnixNano = 0;
        otlp.EndTimeUnixNano = 0;

        var mapped = Ingest.Map(Make.Traces(otlp));

        Assert.Equal(["resourceSpans[0].scopeSpans[0].spans[0]: startTimeUnixNano is 0"], mapped.Errors);
    }

    [Fact]
    public void Map_ZeroDuration_IsAccepted()
    {
        var otlp = Make.Span();
        otlp.EndTimeUnixNano = otlp.StartTimeUnixNano;

        Assert.Equal(0, Ingest.MapOne(Make.Traces(otlp)).DurationNano);
    }

    [Fact]
    public void Map_AllZeroParent_IsARoot()
    {
        var otlp = Make.Span();
        otlp.ParentSpanId = ByteString.CopyFrom(new byte[8]);

        Assert.Null(Ingest.MapOne(Make.Traces(otlp)).ParentSpanId);
    }

    [Fact]
    public void Map_EmptyName_IsKeptEmpty()
    {
        var otlp = Make.Span();
        otlp.Name = "";

        Assert.Equal("", Ingest.MapOne(Make.Traces(otlp)).Name);
    }

    [Fact]
    public void Map_ManyBadSpans_ListsTenErrorsAndCountsTheRest()
    {
        var spans = Enumerable.Range(0, 25).Select(_ =>
        {
            var span = Make.Span();
            span.StartTimeUnixNano = 0;
            return span;
        }).ToArray();

        var mapped = Ingest.Map(Make.Traces(spans));

        Assert.Equal(25, mapped.RejectedSpans);
        Assert.Equal(11, mapped.Errors.Count);
        Assert.Equal("… and 15 more", mapped.Errors[^1]);
    }

    [Fact]
    public void Map_ErrorsNameResourceAndScopeIndexes()
    {
        var request = Make.Traces(Make.Span());
        var second = Make.Traces(Make.Span(), Make.Span());
        second.ResourceSpans[0].ScopeSpans[0].Spans[1].SpanId = ByteString.Empty;
        request.ResourceSpans.Add(second.ResourceSpans[0]);

        var mapped = Ingest.Map(request);

        Assert.Equal(2, mapped.Spans.Count);
        Assert.Equal(["resourceSpans[1].scopeSpans[0].spans[1]: spanId must be 8 bytes, got 0"], mapped.Errors);
    }

    [Fact]
    public void Map_EmptyRequest_MapsToNothing()
    {
        var mapped = Ingest.Map(new OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceRequest());

        Assert.Empty(mapped.Spans);
        Assert.Equal(0, mapped.RejectedSpans);
        Assert.Empty(mapped.Errors);
    }
}
