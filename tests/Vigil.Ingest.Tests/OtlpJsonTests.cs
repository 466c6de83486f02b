using System.Text;
using Vigil.Core.Spans;
using Vigil.Ingest.Otlp;
using Vigil.Testing;

namespace Vigil.Ingest.Tests;

public sealed class OtlpJsonTests
{
    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>One span inside the usual envelope; <paramref name="span"/> is the span object's inside.</summary>
    private static byte[] WithSpan(string span) => Utf8($$$"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
          "scopeSpans":[{"scope":{"name":"s"},"spans":[{ {{{span}}} }]}]}]}
        """);

    private const string Ids = "\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\"";

    [SharedDataFact]
    public void ParseTraces_OfficialExample_MapsWithHexIds()
    {
        var request = OtlpJson.ParseTraces(File.ReadAllBytes(SharedData.PathOf("otlp/trace.example.json")));

        var span = Ingest.MapOne(request);

        Assert.Equal("5b8efff798038103d269b633813fc60c", span.TraceId);
        Assert.Equal("eee19b7ec3c1b174", span.SpanId);
        Assert.Equal("eee19b7ec3c1b173", span.ParentSpanId);
        Assert.Equal("I'm a server span", span.Name);
        Assert.Equal(SpanKind.Server, span.Kind);
        Assert.Equal(1544712660000000000, span.StartUnixNano);
        Assert.Equal(1_000_000_000, span.DurationNano);
        Assert.Equal("my.service", span.Service);
        Assert.Equal("some value", span.Attributes["my.span.attr"]);
        Assert.Equal("my.library", span.Attributes["otel.scope.name"]);
        Assert.Null(span.Stage);
    }

    [Fact]
    public void ParseTraces_LowerAndUpperCaseHex_GiveSameIds()
    {
        var lower = OtlpJson.ParseTraces(WithSpan(Ids + ",\"startTimeUnixNano\":\"1\""));
        var upper = OtlpJson.ParseTraces(WithSpan(Ids.ToUpperInvariant().Replace("TRACEID", "traceId", StringComparison.Ordinal).Replace("SPANID", "spanId", StringComparison.Ordinal) + ",\"startTimeUnixNano\":\"1\""));

        var span = lower.ResourceSpans[0].ScopeSpans[0].Spans[0];
        Assert.Equal(Convert.FromHexString("5b8efff798038103d269b633813fc60c"), span.TraceId.ToByteArray());
        Assert.Equal(span, upper.ResourceSpans[0].ScopeSpans[0].Spans[0]);
    }

    [Fact]
    public void ParseTraces_Int64AsStringOrNumber_KeepsEveryDigit()
    {
        var request = OtlpJson.ParseTraces(WithSpan(Ids + """
            ,"startTimeUnixNano":1544712660123456789,"endTimeUnixNano":"1544712661123456789",
            "attributes":[{"key":"n","value":{"intValue":"9007199254740993"}},{"key":"m","value":{"intValue":42}},
                          {"key":"d","value":{"doubleValue":12345678901234567}}]
            """));

        var span = request.ResourceSpans[0].ScopeSpans[0].Spans[0];
        Assert.Equal(1544712660123456789UL, span.StartTimeUnixNano);
        Assert.Equal(1544712661123456789UL, span.EndTimeUnixNano);
        Assert.Equal(9007199254740993, span.Attributes[0].Value.IntValue);
        Assert.Equal(42, span.Attributes[1].Value.IntValue);
        Assert.Equal(12345678901234567d, span.Attributes[2].Value.DoubleValue);
    }

    [Fact]
    public void ParseTraces_EnumsAsIntegersOrNames_AreRead()
    {
        var asInts = OtlpJson.ParseTraces(WithSpan(Ids + ",\"kind\":3,\"status\":{\"code\":2,\"message\":\"boom\"}"));
        var asNames = OtlpJson.ParseTraces(WithSpan(Ids + ",\"kind\":\"SPAN_KIND_CLIENT\",\"status\":{\"code\":\"STATUS_CODE_ERROR\",\"message\":\"boom\"}"));

        Assert.Equal(asInts, asNames);
        var span = asInts.ResourceSpans[0].ScopeSpans[0].Spans[0];
        Assert.Equal(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Client, span.Kind);
        Assert.Equal(OpenTelemetry.Proto.Trace.V1.Status.Types.StatusCode.Error, span.Status.Code);
    }

    [Fact]
    public void ParseTraces_UnknownFields_AreIgnored()
    {
        var request = OtlpJson.ParseTraces(Utf8("""
            {"resourceSpans":[{"entityRefs":[{"type":"host"}],"futureField":{"nested":[1,2,{"traceId":null}]},
              "scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","newThing":true}]}]}],
             "extra":"x"}
            """));

        Assert.Single(request.ResourceSpans[0].ScopeSpans[0].Spans);
    }

    [Fact]
    public void ParseTraces_SnakeCaseNames_AreAccepted()
    {
        var request = OtlpJson.ParseTraces(Utf8("""
            {"resource_spans":[{"scope_spans":[{"spans":[{"trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174",
              "parent_span_id":"eee19b7ec3c1b173","start_time_unix_nano":"5","end_time_unix_nano":"6"}]}]}]}
            """));

        var span = request.ResourceSpans[0].ScopeSpans[0].Spans[0];
        Assert.Equal(16, span.TraceId.Length);
        Assert.Equal(8, span.ParentSpanId.Length);
        Assert.Equal(5UL, span.StartTimeUnixNano);
    }

    [Fact]
    public void ParseTraces_BadHexId_NamesThePath()
    {
        var json = Utf8($$"""
            {"resourceSpans":[{"scopeSpans":[{"spans":[{ {{Ids}} },{ {{Ids}} },{"traceId":"xyz","spanId":"eee19b7ec3c1b174"}]}]}]}
            """);

        var ex = Assert.Throws<OtlpFormatException>(() => OtlpJson.ParseTraces(json));

        Assert.Equal("resourceSpans[0].scopeSpans[0].spans[2].traceId: 'xyz' is not 32 hex characters", ex.Message);
    }

    [Fact]
    public void ParseTraces_SpanIdOfWrongLength_NamesThePath()
    {
        var json = Utf8("""{"resourceSpans":[{"scopeSpans":[{},{"spans":[{"spanId":"eee19b7ec3c1b17"}]}]}]}""");

        var ex = Assert.Throws<OtlpFormatException>(() => OtlpJson.ParseTraces(json));

        Assert.Equal("resourceSpans[0].scopeSpans[1].spans[0].spanId: 'eee19b7ec3c1b17' is not 16 hex characters", ex.Message);
    }

    [Fact]
    public void ParseTraces_LinkIds_AreHexToo()
    {
        var request = OtlpJson.ParseTraces(WithSpan(Ids + ",\"links\":[{\"traceId\":\"00000000000000000000000000000001\",\"spanId\":\"0000000000000002\"}]"));

        var link = request.ResourceSpans[0].ScopeSpans[0].Spans[0].Links[0];
        Assert.Equal(16, link.TraceId.Length);
        Assert.Equal(2, link.SpanId[7]);
    }

    [Fact]
    public void ParseTraces_IdThatIsNotAString_IsAnError()
    {
        var ex = Assert.Throws<OtlpFormatException>(() => OtlpJson.ParseTraces(WithSpan("\"traceId\":12")));

        Assert.Equal("resourceSpans[0].scopeSpans[0].spans[0].traceId: must be a hex string, got Number", ex.Message);
    }

    [Fact]
    public void ParseTraces_EmptyTraceId_ParsesAndTheMapperRejectsTheSpan()
    {
        var request = OtlpJson.ParseTraces(WithSpan("\"traceId\":\"\",\"spanId\":\"eee19b7ec3c1b174\",\"startTimeUnixNano\":\"1\""));

        var mapped = Ingest.Map(request);

        Assert.Equal(1, mapped.RejectedSpans);
        Assert.Equal(["resourceSpans[0].scopeSpans[0].spans[0]: traceId must be 16 bytes, got 0"], mapped.Errors);
    }

    [Theory]
    [InlineData("{\"resourceSpans\":[", "line 1")]
    [InlineData("{\"resourceSpans\": nope}", "line 1, byte 20")]
    [InlineData("", "line 1")]
    [InlineData("{\n\"a\":1,\n}", "line 3")]
    public void ParseTraces_MalformedJson_SaysWhere(string json, string where)
    {
        var ex = Assert.Throws<OtlpFormatException>(() => OtlpJson.ParseTraces(Utf8(json)));

        Assert.StartsWith("malformed JSON at ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"resourceSpans\":{}}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"-1\"}]}]}]}")]
    public void ParseTraces_WrongShape_IsAFormatError(string json)
    {
        var ex = Assert.Throws<OtlpFormatException>(() => OtlpJson.ParseTraces(Utf8(json)));

        Assert.StartsWith("invalid OTLP/JSON: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseTraces_UnknownEnumName_IsIgnoredLikeAnUnknownField()
    {
        var request = OtlpJson.ParseTraces(WithSpan(Ids + ",\"kind\":\"SPAN_KIND_FUTURE\""));

        Assert.Equal(OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Unspecified, request.ResourceSpans[0].ScopeSpans[0].Spans[0].Kind);
    }

    [Fact]
    public void ParseTraces_EmptyObject_IsAnEmptyRequest()
    {
        Assert.Empty(OtlpJson.ParseTraces("{}"u8).ResourceSpans);
        Assert.Empty(OtlpJson.ParseTraces("\uFEFF{ }"u8).ResourceSpans);
    }

    [Fact]
    public void ParseTraces_EscapedAndUnicodeStrings_SurviveTheRewrite()
    {
        var request = OtlpJson.ParseTraces(WithSpan("\"traceId\":\"5b8efff798038103d269b633813fc60\\u0063\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"caf\u00e9 \\\"q\\\" \\n\""));

        var span = request.ResourceSpans[0].ScopeSpans[0].Spans[0];
        Assert.Equal("café \"q\" \n", span.Name);
        Assert.Equal(0x0c, span.TraceId[15]);
    }

    [Fact]
    public void ParseMetrics_GaugeWithExemplar_ReadsHexIdsAndInt64()
    {
        var request = OtlpJson.ParseMetrics(Utf8("""
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"indexer"}}]},
              "scopeMetrics":[{"metrics":[{"name":"rag.index.vectors","unit":"{vector}","gauge":{"dataPoints":[
                {"asInt":"1234567890123","timeUnixNano":"1544712660123456789",
                 "exemplars":[{"asDouble":1,"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174"}]}]}}]}]}]}
            """));

        var point = request.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Gauge.DataPoints[0];
        Assert.Equal(1234567890123, point.AsInt);
        Assert.Equal(1544712660123456789UL, point.TimeUnixNano);
        Assert.Equal(16, point.Exemplars[0].TraceId.Length);

        var mapped = new OtlpMetricsMapper(new IngestLimits()).Map(request, Ingest.Project);
        var stored = Assert.Single(mapped.Points);
        Assert.Equal(1234567890123d, stored.Value);
        Assert.Equal("indexer", stored.Service);
    }
}
