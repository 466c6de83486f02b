namespace Vigil.Ingest.Tests;

public sealed class LimitTests
{
    [Fact]
    public void Map_MoreAttributesThanLimit_KeepsSpanAttributesFirstAndCountsTheRest()
    {
        var limits = new IngestLimits { MaxAttributesPerSpan = 3 };
        var resource = Make.Resource(("service.name", "svc"), ("r.one", "1"), ("r.two", "2"));
        var otlp = Make.Span(("s.one", "1"), ("s.two", "2"));
        var request = Make.Traces(resource, otlp);
        request.ResourceSpans[0].ScopeSpans[0].Scope = null;

        var mapped = Ingest.Map(request, limits);

        var span = Assert.Single(mapped.Spans);
        Assert.Equal(["r.one", "s.one", "s.two"], span.Attributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, mapped.DroppedAttributes);
    }

    [Fact]
    public void Map_AttributeOverLimit_IsTruncatedAndCounted()
    {
        var limits = new IngestLimits { MaxAttributeValueLength = 12 };
        var request = Make.Traces(Make.Span(("long", new string('x', 25)), ("vigil.team", "a-very-long-team-name")));
        request.ResourceSpans[0].ScopeSpans[0].Scope = null;

        var mapped = Ingest.Map(request, limits);

        var span = Assert.Single(mapped.Spans);
        Assert.Equal(new string('x', 12), span.Attributes["long"]);
        Assert.Equal("a-very-long-", span.Team);
        Assert.Equal("checkout-api", span.Service);
        Assert.Equal(2, mapped.TruncatedValues);
    }

    [Fact]
    public void Map_Truncation_DoesNotSplitSurrogatePairs()
    {
        var limits = new IngestLimits { MaxAttributeValueLength = 4 };

        var span = Ingest.MapOne(Make.Traces(Make.Span(("emoji", "abc😀def"))), limits);

        Assert.Equal("abc", span.Attributes["emoji"]);
    }

    [Fact]
    public void Map_AttributeOverRejectLength_RejectsSpanNamingTheKey()
    {
        var limits = new IngestLimits { MaxAttributeValueLength = 10, RejectAttributeValueLength = 100 };
        var good = Make.Span(("ok", "fine"));
        var bad = Make.Span(("huge.blob", new string('x', 101)));

        var mapped = Ingest.Map(Make.Traces(good, bad), limits);

        Assert.Single(mapped.Spans);
        Assert.Equal(1, mapped.RejectedSpans);
        var error = Assert.Single(mapped.Errors);
        Assert.Contains("resourceSpans[0].scopeSpans[0].spans[1]", error, StringComparison.Ordinal);
        Assert.Contains("'huge.blob'", error, StringComparison.Ordinal);
        Assert.Contains("101", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_ResourceAttributeOverRejectLength_RejectsItsSpans()
    {
        var limits = new IngestLimits { MaxAttributeValueLength = 10, RejectAttributeValueLength = 100 };
        var resource = Make.Resource(("service.name", "svc"), ("process.command_line", new string('y', 500)));

        var mapped = Ingest.Map(Make.Traces(resource, Make.Span(), Make.Span()), limits);

        Assert.Empty(mapped.Spans);
        Assert.Equal(2, mapped.RejectedSpans);
        Assert.All(mapped.Errors, error => Assert.Contains("'process.command_line' is 500 characters", error, StringComparison.Ordinal));
    }

    [Fact]
    public void Map_LongContent_IsTruncatedNotRejected()
    {
        var limits = new IngestLimits { MaxContentLength = 50, MaxAttributeValueLength = 100, RejectAttributeValueLength = 200 };
        var messages = "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + new string('q', 500) + "\"}]}]";

        var mapped = Ingest.Map(Make.Traces(Make.Span(("gen_ai.input.messages", messages))), limits);

        var span = Assert.Single(mapped.Spans);
        Assert.Equal(messages[..50], span.InputContent);
        Assert.Equal(1, mapped.TruncatedValues);
        Assert.False(span.Attributes.ContainsKey("gen_ai.input.messages"));
    }

    [Fact]
    public void Map_StoreContentOff_DropsContentEverywhere()
    {
        var limits = new IngestLimits { StoreContent = false };
        var otlp = Make.Span(
            ("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[]}]"),
            ("gen_ai.output.messages", "[]"),
            ("input.value", "secret"),
            ("gen_ai.prompt.0.content", "secret"),
            ("llm.input_messages.0.message.content", "secret"),
            ("gen_ai.prompt.name", "summarise"))
            .WithEvents(Make.Event("gen_ai.user.message", ("content", "secret")));

        var span = Ingest.MapOne(Make.Traces(otlp), limits);

        Assert.Null(span.InputContent);
        Assert.Null(span.OutputContent);
        Assert.DoesNotContain(span.Attributes.Values, value => value.Contains("secret", StringComparison.Ordinal));
        Assert.Equal("summarise", span.Attributes["gen_ai.prompt.name"]);
    }

    [Fact]
    public void Map_LongSpanName_IsTruncatedTo1024()
    {
        var otlp = Make.Span();
        otlp.Name = new string('n', 5000);

        var mapped = Ingest.Map(Make.Traces(otlp));

        Assert.Equal(1024, Assert.Single(mapped.Spans).Name.Length);
        Assert.Equal(1, mapped.TruncatedValues);
    }

    [Fact]
    public void Map_OddContent_DoesNotThrow()
    {
        var otlp = Make.Span(
            ("ctrl", "a\0b\u0001c\u001f"),
            ("lone.surrogate", "x\ud800y"),
            ("lone.in.array", new object[] { "x\ud800y" }),
            ("nan", double.NaN),
            ("nested", new object[] { new object[] { new object[] { "deep" } }, new (string, object)[] { ("", double.PositiveInfinity) } }),
            ("", "empty key"),
            (new string('k', 2000), "long key"),
            ("vigil.team", new object[] { "array", "team" }),
            ("gen_ai.usage.input_tokens", -5),
            ("gen_ai.usage.output_tokens", double.NaN),
            ("vigil.cost.usd", double.PositiveInfinity));
        otlp.Name = "\0\n\t";

        var mapped = Ingest.Map(Make.Traces(otlp));

        var span = Assert.Single(mapped.Spans);
        Assert.Equal("\0\n\t", span.Name);
        Assert.Equal("NaN", span.Attributes["nan"]);
        Assert.Equal("[[[\"deep\"]],{\"\":\"Infinity\"}]", span.Attributes["nested"]);
        Assert.Equal("[\"array\",\"team\"]", span.Team);
        Assert.True(span.Usage.IsEmpty);
        Assert.Null(span.ReportedCost);
        Assert.Equal("-5", span.Attributes["gen_ai.usage.input_tokens"]);
        Assert.Equal(1, mapped.DroppedAttributes);
    }

    [Fact]
    public void Map_EventsBeyondLimit_AreNotReadAndCounted()
    {
        var limits = new IngestLimits { MaxEventsPerSpan = 1 };
        var otlp = Make.Span().WithEvents(
            Make.Event("gen_ai.evaluation.result", ("gen_ai.evaluation.name", "first")),
            Make.Event("gen_ai.evaluation.result", ("gen_ai.evaluation.name", "second")));

        var mapped = Ingest.Map(Make.Traces(otlp), limits);

        Assert.Equal("first", Assert.Single(mapped.Evaluations).Name);
        Assert.Equal(1, mapped.DroppedEvents);
    }
}
