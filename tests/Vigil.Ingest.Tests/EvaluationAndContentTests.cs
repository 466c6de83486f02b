namespace Vigil.Ingest.Tests;

public sealed class EvaluationAndContentTests
{
    [Fact]
    public void Map_EvaluationResultEvent_BecomesEvaluationResult()
    {
        var resource = Make.Resource(("service.name", "svc"), ("vigil.feature", "answers"));
        var otlp = Make.Span(("gen_ai.operation.name", "chat"), ("gen_ai.response.id", "chatcmpl-1")).WithEvents(
            Make.Event("gen_ai.evaluation.result",
                ("gen_ai.evaluation.name", "Relevance"),
                ("gen_ai.evaluation.score.value", 4.0),
                ("gen_ai.evaluation.score.label", "relevant"),
                ("gen_ai.evaluation.explanation", "on topic")));

        var mapped = Ingest.Map(Make.Traces(resource, otlp));

        var span = Assert.Single(mapped.Spans);
        var evaluation = Assert.Single(mapped.Evaluations);
        Assert.Equal(Ingest.Project, evaluation.ProjectId);
        Assert.Equal(span.TraceId, evaluation.TraceId);
        Assert.Equal(span.SpanId, evaluation.SpanId);
        Assert.Equal("Relevance", evaluation.Name);
        Assert.Equal(4.0, evaluation.ScoreValue);
        Assert.Equal("relevant", evaluation.ScoreLabel);
        Assert.Equal("on topic", evaluation.Explanation);
        Assert.Equal("chatcmpl-1", evaluation.ResponseId);
        Assert.Equal("otlp", evaluation.Source);
        Assert.Equal("answers", evaluation.Feature);
        Assert.Equal((long)Make.Start + 1000, evaluation.TimeUnixNano);
    }

    [Fact]
    public void Map_EvaluationOnSpanWithoutGenAiContent_IsAccepted()
    {
        var otlp = Make.Span().WithEvents(
            Make.Event("gen_ai.evaluation.result", ("gen_ai.evaluation.name", "groundedness"), ("gen_ai.evaluation.score.label", "pass"), ("gen_ai.response.id", "resp-9")));
        otlp.Name = "evaluate";

        var mapped = Ingest.Map(Make.Traces(otlp));

        var evaluation = Assert.Single(mapped.Evaluations);
        Assert.Null(evaluation.ScoreValue);
        Assert.Equal("pass", evaluation.ScoreLabel);
        Assert.Equal("resp-9", evaluation.ResponseId);
        Assert.Single(mapped.Spans);
    }

    [Fact]
    public void Map_EvaluationWithoutName_IsSkippedWithAMessage()
    {
        var otlp = Make.Span().WithEvents(Make.Event("other"), Make.Event("gen_ai.evaluation.result", ("gen_ai.evaluation.score.value", 1)));

        var mapped = Ingest.Map(Make.Traces(otlp));

        Assert.Empty(mapped.Evaluations);
        Assert.Single(mapped.Spans);
        Assert.Equal(0, mapped.RejectedSpans);
        Assert.Equal(["resourceSpans[0].scopeSpans[0].spans[0].events[1]: gen_ai.evaluation.result without gen_ai.evaluation.name is ignored"], mapped.Errors);
    }

    [Fact]
    public void Map_EvaluationExplanation_IsDroppedWhenContentIsNotStored()
    {
        var otlp = Make.Span().WithEvents(Make.Event("gen_ai.evaluation.result", ("gen_ai.evaluation.name", "Relevance"), ("gen_ai.evaluation.explanation", "quotes the user")));

        var evaluation = Assert.Single(Ingest.Map(Make.Traces(otlp), new IngestLimits { StoreContent = false }).Evaluations);

        Assert.Null(evaluation.Explanation);
    }

    [Fact]
    public void Map_SystemInstructionsAlone_AreTheInput()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("gen_ai.system_instructions", "You are terse."))));

        Assert.Equal("You are terse.", span.InputContent);
    }

    [Fact]
    public void Map_InputMessagesAndSystemInstructions_AreCombined()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(
            ("gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"Be brief.\"}]"),
            ("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]"),
            ("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"}],\"finish_reason\":\"stop\"}]"))));

        Assert.Equal(
            "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]",
            span.InputContent);
        Assert.Equal("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"}],\"finish_reason\":\"stop\"}]", span.OutputContent);
    }

    [Fact]
    public void Map_StructuredInputMessages_AreStoredAsJson()
    {
        var message = new (string, object)[] { ("role", "user"), ("parts", new object[] { new (string, object)[] { ("type", "text"), ("content", "Hi") } }) };

        var span = Ingest.MapOne(Make.Traces(Make.Span(("gen_ai.input.messages", new object[] { message }))));

        Assert.Equal("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]", span.InputContent);
    }

    [Fact]
    public void Map_OldMessageEvents_BecomeJsonArrays()
    {
        var otlp = Make.Span(("gen_ai.system", "openai")).WithEvents(
            Make.Event("gen_ai.system.message", ("gen_ai.system", "openai"), ("content", "Be brief.")),
            Make.Event("gen_ai.user.message", ("content", "Hi")),
            Make.Event("gen_ai.choice", ("index", 0), ("finish_reason", "stop"), ("message", new (string, object)[] { ("content", "Hello") })));

        var span = Ingest.MapOne(Make.Traces(otlp));

        Assert.Equal("[{\"content\":\"Be brief.\",\"role\":\"system\"},{\"content\":\"Hi\",\"role\":\"user\"}]", span.InputContent);
        Assert.Equal("[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"content\":\"Hello\"}}]", span.OutputContent);
    }

    [Fact]
    public void Map_InferenceDetailsEvent_GivesContent()
    {
        var otlp = Make.Span().WithEvents(Make.Event("gen_ai.client.inference.operation.details",
            ("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[]}]"),
            ("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[]}]")));

        var span = Ingest.MapOne(Make.Traces(otlp));

        Assert.Equal("[{\"role\":\"user\",\"parts\":[]}]", span.InputContent);
        Assert.Equal("[{\"role\":\"assistant\",\"parts\":[]}]", span.OutputContent);
    }

    [Fact]
    public void Map_ToolAndRetrievalSpans_KeepArgumentsAndDocumentsAsContent()
    {
        var tool = Make.Span(("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.call.arguments", "{\"city\":\"Paris\"}"), ("gen_ai.tool.call.result", "rainy"));
        var retrieval = Make.Span(("gen_ai.operation.name", "retrieval"), ("gen_ai.retrieval.query.text", "refund policy"), ("gen_ai.retrieval.documents", "[{\"id\":\"doc-1\",\"score\":0.9}]"));

        var spans = Ingest.Map(Make.Traces(tool, retrieval)).Spans;

        Assert.Equal("{\"city\":\"Paris\"}", spans[0].InputContent);
        Assert.Equal("rainy", spans[0].OutputContent);
        Assert.Equal("refund policy", spans[1].InputContent);
        Assert.Equal("[{\"id\":\"doc-1\",\"score\":0.9}]", spans[1].OutputContent);
    }

    [Fact]
    public void Map_UnmappedContentAttributes_StayWhenContentIsStored()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("gen_ai.prompt.0.content", "Hi"), ("gen_ai.prompt.0.role", "user"))));

        Assert.Equal("Hi", span.Attributes["gen_ai.prompt.0.content"]);
        Assert.Null(span.InputContent);
    }
}
