using Vigil.Core.Spans;
using OtlpKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;
using OtlpStatus = OpenTelemetry.Proto.Trace.V1.Status;

namespace Vigil.Ingest.Tests;

public sealed class AttributionTests
{
    [Fact]
    public void Map_AttributionOnResource_AppliesToSpan()
    {
        var resource = Make.Resource(
            ("service.name", "support-bot"),
            ("vigil.feature", "ticket-summary"),
            ("vigil.team", "support"),
            ("vigil.release", "r42"),
            ("vigil.prompt.version", "p7"),
            ("vigil.index.version", "i3"),
            ("vigil.routing.version", "rt2"),
            ("vigil.segment", "enterprise"),
            ("deployment.environment.name", "prod"),
            ("host.name", "web-1"));

        var span = Ingest.MapOne(Make.Traces(resource, Make.Span(("user.id", "u1"), ("session.id", "s1"), ("gen_ai.conversation.id", "c1"))));

        Assert.Equal("support-bot", span.Service);
        Assert.Equal("ticket-summary", span.Feature);
        Assert.Equal("support", span.Team);
        Assert.Equal("r42", span.Release);
        Assert.Equal("p7", span.PromptVersion);
        Assert.Equal("i3", span.IndexVersion);
        Assert.Equal("rt2", span.RoutingVersion);
        Assert.Equal("enterprise", span.Segment);
        Assert.Equal("prod", span.Environment);
        Assert.Equal("u1", span.UserId);
        Assert.Equal("s1", span.SessionId);
        Assert.Equal("c1", span.ConversationId);
        Assert.Equal("web-1", span.Attributes["host.name"]);
        Assert.DoesNotContain(span.Attributes.Keys, key => key.StartsWith("vigil.", StringComparison.Ordinal));
    }

    [Fact]
    public void Map_AttributeOnSpanAndResource_SpanWins()
    {
        var resource = Make.Resource(("service.name", "svc"), ("vigil.feature", "from-resource"), ("vigil.team", "res-team"), ("region", "eu"));

        var span = Ingest.MapOne(Make.Traces(resource, Make.Span(("vigil.feature", "from-span"), ("region", "us"))));

        Assert.Equal("from-span", span.Feature);
        Assert.Equal("res-team", span.Team);
        Assert.Equal("us", span.Attributes["region"]);
    }

    [Fact]
    public void Map_NoFeature_FallsBackToServiceName()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span()));

        Assert.Equal(Make.Service, span.Service);
        Assert.Equal(Make.Service, span.Feature);
    }

    [Fact]
    public void Map_NoServiceName_IsUnknownService()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Resource(), Make.Span()));

        Assert.Equal("unknown_service", span.Service);
        Assert.Equal("unknown_service", span.Feature);
    }

    [Fact]
    public void Map_DeprecatedUserAndEnvironmentNames_AreRead()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("enduser.id", "u9"), ("deployment.environment", "staging"))));

        Assert.Equal("u9", span.UserId);
        Assert.Equal("staging", span.Environment);
        Assert.DoesNotContain(span.Attributes.Keys, key => key is "enduser.id" or "deployment.environment");
    }

    [Fact]
    public void Map_KnownStage_IsTaken()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("vigil.stage", "rerank"), ("gen_ai.operation.name", "chat"))));

        Assert.Equal(Stages.Rerank, span.Stage);
    }

    [Fact]
    public void Map_UnknownStage_IsKeptAsAttributeAndDerivedFromOperation()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("vigil.stage", "postprocess"), ("gen_ai.operation.name", "embeddings"))));

        Assert.Equal(Stages.Embedding, span.Stage);
        Assert.Equal("postprocess", span.Attributes["vigil.stage"]);
    }

    [Theory]
    [InlineData(OtlpKind.Server, Stages.EndToEnd)]
    [InlineData(OtlpKind.Internal, Stages.EndToEnd)]
    [InlineData(OtlpKind.Client, null)]
    public void Map_RootSpanWithoutOperation_IsEndToEndOnlyForServerOrInternal(OtlpKind kind, string? stage)
    {
        var span = Ingest.MapOne(Make.Traces(Make.Root(Make.Span(), kind)));

        Assert.Null(span.ParentSpanId);
        Assert.Equal(stage, span.Stage);
    }

    [Fact]
    public void Map_ChildSpanWithoutOperation_HasNoStage()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span()));

        Assert.Null(span.Stage);
    }

    [Fact]
    public void Map_RootChatSpan_IsGenerationNotEndToEnd()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Root(Make.Span(("gen_ai.operation.name", "chat")), OtlpKind.Internal)));

        Assert.Equal(Stages.Generation, span.Stage);
    }

    [Fact]
    public void Map_SpanFields_AreMapped()
    {
        var otlp = Make.Span(("error.type", "timeout"));
        otlp.Status = new OtlpStatus { Code = OtlpStatus.Types.StatusCode.Error, Message = "upstream took 30 s" };

        var span = Ingest.MapOne(Make.Traces(otlp));

        Assert.Equal(Ingest.Project, span.ProjectId);
        Assert.Equal(Convert.ToHexStringLower(otlp.TraceId.Span), span.TraceId);
        Assert.Equal(32, span.TraceId.Length);
        Assert.Equal(Convert.ToHexStringLower(otlp.SpanId.Span), span.SpanId);
        Assert.Equal(Convert.ToHexStringLower(otlp.ParentSpanId.Span), span.ParentSpanId);
        Assert.Equal("chat gpt-4o", span.Name);
        Assert.Equal(SpanKind.Client, span.Kind);
        Assert.Equal((long)Make.Start, span.StartUnixNano);
        Assert.Equal((long)Make.Duration, span.DurationNano);
        Assert.Equal(SpanStatus.Error, span.Status);
        Assert.Equal("upstream took 30 s", span.StatusMessage);
        Assert.Equal("timeout", span.ErrorType);
        Assert.False(span.Attributes.ContainsKey("error.type"));
    }

    [Fact]
    public void Map_ErrorWithoutErrorType_TakesExceptionTypeOrError()
    {
        var withException = Make.Span().WithEvents(Make.Event("exception", ("exception.type", "System.TimeoutException"), ("exception.message", "slow")));
        withException.Status = new OtlpStatus { Code = OtlpStatus.Types.StatusCode.Error, Message = "The operation timed out" };
        var bare = Make.Span();
        bare.Status = new OtlpStatus { Code = OtlpStatus.Types.StatusCode.Error, Message = "The operation timed out" };
        var ok = Make.Span().WithEvents(Make.Event("exception", ("exception.type", "Handled")));

        var spans = Ingest.Map(Make.Traces(withException, bare, ok)).Spans;

        Assert.Equal("System.TimeoutException", spans[0].ErrorType);
        Assert.Equal("error", spans[1].ErrorType);
        Assert.Null(spans[2].ErrorType);
    }

    [Fact]
    public void Map_AttributeTypes_AreRenderedAsText()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(
            ("a.int", 42L),
            ("a.double", 0.1),
            ("a.bool", true),
            ("a.bytes", new byte[] { 1, 2, 3 }),
            ("a.array", new object[] { "x", 1, 2.5, false }),
            ("a.map", new (string, object)[] { ("k", "v"), ("n", 1) }),
            ("a.text", "héllo \"quoted\"\n"))));

        Assert.Equal("42", span.Attributes["a.int"]);
        Assert.Equal("0.1", span.Attributes["a.double"]);
        Assert.Equal("true", span.Attributes["a.bool"]);
        Assert.Equal("AQID", span.Attributes["a.bytes"]);
        Assert.Equal("[\"x\",1,2.5,false]", span.Attributes["a.array"]);
        Assert.Equal("{\"k\":\"v\",\"n\":1}", span.Attributes["a.map"]);
        Assert.Equal("héllo \"quoted\"\n", span.Attributes["a.text"]);
    }
}
