using Vigil.Core.Spans;

namespace Vigil.Ingest.Tests;

public sealed class GenAiConventionTests
{
    private static Span Current() => Ingest.MapOne(Make.Traces(Make.Span(
        ("gen_ai.operation.name", "chat"),
        ("gen_ai.provider.name", "openai"),
        ("gen_ai.request.model", "gpt-4o"),
        ("gen_ai.response.model", "gpt-4o-2024-08-06"),
        ("gen_ai.usage.input_tokens", 1000),
        ("gen_ai.usage.output_tokens", 500),
        ("gen_ai.response.finish_reasons", new object[] { "stop" }))));

    private static Span Deprecated() => Ingest.MapOne(Make.Traces(Make.Span(
        ("gen_ai.operation.name", "chat"),
        ("gen_ai.system", "openai"),
        ("gen_ai.request.model", "gpt-4o"),
        ("gen_ai.response.model", "gpt-4o-2024-08-06"),
        ("gen_ai.usage.prompt_tokens", 1000),
        ("gen_ai.usage.completion_tokens", 500),
        ("gen_ai.response.finish_reasons", new object[] { "stop" }))
        .WithEvents(
            Make.Event("gen_ai.content.prompt", ("gen_ai.prompt", "[{\"role\":\"user\",\"content\":\"hi\"}]")),
            Make.Event("gen_ai.content.completion", ("gen_ai.completion", "[{\"role\":\"assistant\",\"content\":\"hello\"}]")))));

    private static Span OpenInference() => Ingest.MapOne(Make.Traces(Make.Span(
        ("openinference.span.kind", "LLM"),
        ("llm.provider", "openai"),
        ("llm.system", "openai"),
        ("llm.model_name", "gpt-4o-2024-08-06"),
        ("llm.token_count.prompt", 1000),
        ("llm.token_count.completion", 500),
        ("llm.token_count.total", 1500),
        ("input.value", "hi"),
        ("output.value", "hello"))));

    [Fact]
    public void Map_CurrentConventions_ReadsCallAndPricesIt()
    {
        var span = Current();

        Assert.Equal("chat", span.Operation);
        Assert.Equal(Stages.Generation, span.Stage);
        Assert.Equal("openai", span.Provider);
        Assert.Equal("gpt-4o", span.RequestModel);
        Assert.Equal("gpt-4o-2024-08-06", span.ResponseModel);
        Assert.Equal(new TokenUsage { Input = 1000, Output = 500 }, span.Usage);
        Assert.Equal(["stop"], span.FinishReasons);
        Assert.Equal(PricingStatus.Priced, span.Pricing);
        Assert.Equal(0.0075m, span.Cost);
    }

    [Fact]
    public void Map_DeprecatedPromptTokens_GiveSameUsageAsCurrentNames()
    {
        var current = Current();
        var deprecated = Deprecated();

        Assert.Equal(current.Usage, deprecated.Usage);
        Assert.Equal(current.Provider, deprecated.Provider);
        Assert.Equal(current.Model, deprecated.Model);
        Assert.Equal(current.Cost, deprecated.Cost);
        Assert.Equal(current.Stage, deprecated.Stage);
        Assert.Equal("[{\"role\":\"user\",\"content\":\"hi\"}]", deprecated.InputContent);
        Assert.Equal("[{\"role\":\"assistant\",\"content\":\"hello\"}]", deprecated.OutputContent);
    }

    [Fact]
    public void Map_OpenInference_GivesSameCallAsCurrentConventions()
    {
        var current = Current();
        var openInference = OpenInference();

        Assert.Equal("chat", openInference.Operation);
        Assert.Equal(current.Stage, openInference.Stage);
        Assert.Equal(current.Usage, openInference.Usage);
        Assert.Equal(current.Provider, openInference.Provider);
        Assert.Equal(current.Model, openInference.Model);
        Assert.Equal(current.Cost, openInference.Cost);
        Assert.Equal("hi", openInference.InputContent);
        Assert.Equal("hello", openInference.OutputContent);
        Assert.Equal("1500", openInference.Attributes["llm.token_count.total"]);
        Assert.False(openInference.Attributes.ContainsKey("llm.model_name"));
    }

    [Fact]
    public void Map_MappedAttributes_AreNotRepeatedInAttributes()
    {
        var span = Current();

        Assert.DoesNotContain(span.Attributes.Keys, key => key.StartsWith("gen_ai.", StringComparison.Ordinal));
        Assert.False(span.Attributes.ContainsKey("service.name"));
        Assert.Equal("test.instrumentation", span.Attributes["otel.scope.name"]);
    }

    [Theory]
    [InlineData("az.ai.openai", "azure.ai.openai")]
    [InlineData("az.ai.inference", "azure.ai.inference")]
    [InlineData("vertex_ai", "gcp.vertex_ai")]
    [InlineData("gemini", "gcp.gemini")]
    [InlineData("anthropic", "anthropic")]
    [InlineData("xai", "xai")]
    public void Map_DeprecatedSystemValue_IsRenamedOnlyWhereTheRegistrySaysSo(string system, string provider)
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("gen_ai.system", system))));

        Assert.Equal(provider, span.Provider);
    }

    [Fact]
    public void Map_ProviderName_WinsOverDeprecatedSystem()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("gen_ai.provider.name", "azure.ai.openai"), ("gen_ai.system", "openai"))));

        Assert.Equal("azure.ai.openai", span.Provider);
        Assert.False(span.Attributes.ContainsKey("gen_ai.system"));
    }

    [Fact]
    public void Map_CacheAndReasoningTokens_UseRegistryNames()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(
            ("gen_ai.usage.input_tokens", 1000),
            ("gen_ai.usage.output_tokens", 500),
            ("gen_ai.usage.cache_read.input_tokens", 600),
            ("gen_ai.usage.cache_creation.input_tokens", 100),
            ("gen_ai.usage.reasoning.output_tokens", 200))));

        Assert.Equal(new TokenUsage { Input = 1000, Output = 500, CacheRead = 600, CacheWrite = 100, Reasoning = 200 }, span.Usage);
    }

    [Fact]
    public void Map_CacheTokensBeyondInput_AreAddedToInput()
    {
        // Anthropic counts cached input apart; the conventions count it in the input.
        var span = Ingest.MapOne(Make.Traces(Make.Span(
            ("gen_ai.usage.input_tokens", 50),
            ("gen_ai.usage.cache_read.input_tokens", 900),
            ("gen_ai.usage.cache_creation.input_tokens", 100))));

        Assert.Equal(1050, span.Usage.Input);
    }

    [Fact]
    public void Map_OpenInferenceCacheTokens_AreRead()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(
            ("llm.token_count.prompt", 1000),
            ("llm.token_count.prompt_details.cache_read", 400),
            ("llm.token_count.completion_details.reasoning", 20),
            ("llm.token_count.completion", 100))));

        Assert.Equal(new TokenUsage { Input = 1000, Output = 100, CacheRead = 400, Reasoning = 20 }, span.Usage);
    }

    [Theory]
    [InlineData("EMBEDDING", "embeddings", Stages.Embedding)]
    [InlineData("RETRIEVER", "retrieval", Stages.Retrieval)]
    [InlineData("RERANKER", "rerank", Stages.Rerank)]
    [InlineData("TOOL", "execute_tool", Stages.Tool)]
    [InlineData("AGENT", "invoke_agent", Stages.Agent)]
    public void Map_OpenInferenceSpanKind_GivesOperationAndStage(string kind, string operation, string stage)
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("openinference.span.kind", kind))));

        Assert.Equal(operation, span.Operation);
        Assert.Equal(stage, span.Stage);
        Assert.False(span.Attributes.ContainsKey("openinference.span.kind"));
    }

    [Fact]
    public void Map_OpenInferenceChainKind_StaysAnAttribute()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("openinference.span.kind", "CHAIN"))));

        Assert.Null(span.Operation);
        Assert.Equal("CHAIN", span.Attributes["openinference.span.kind"]);
    }

    [Fact]
    public void Map_OpenInferenceProvider_IsTranslatedToProviderName()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("llm.provider", "azure"), ("llm.system", "openai"))));

        Assert.Equal("azure.ai.openai", span.Provider);
    }

    [Fact]
    public void Map_ReportedCostAndCacheHit_AreRead()
    {
        var vigil = Ingest.MapOne(Make.Traces(Make.Span(("vigil.cost.usd", 0.0123), ("vigil.cache.hit", true))));
        var openLit = Ingest.MapOne(Make.Traces(Make.Span(("gen_ai.usage.cost", "0.5"))));
        var openInference = Ingest.MapOne(Make.Traces(Make.Span(("llm.cost.total", 0.25), ("gen_ai.cache.hit", "false"))));

        Assert.Equal(0.0123m, vigil.ReportedCost);
        Assert.True(vigil.CacheHit);
        Assert.Equal(0.5m, openLit.ReportedCost);
        Assert.Equal(0.25m, openInference.ReportedCost);
        Assert.False(openInference.CacheHit);
    }

    [Fact]
    public void Map_NoUsage_IsNotPriced()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("gen_ai.operation.name", "retrieval"))));

        Assert.Equal(PricingStatus.NotApplicable, span.Pricing);
        Assert.Null(span.Cost);
        Assert.True(span.Usage.IsEmpty);
    }

    [Fact]
    public void Map_UnknownModel_IsUnpricedNotFree()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(
            ("gen_ai.provider.name", "openai"),
            ("gen_ai.request.model", "no-such-model"),
            ("gen_ai.usage.input_tokens", 10))));

        Assert.Equal(PricingStatus.Unpriced, span.Pricing);
        Assert.Null(span.Cost);
    }

    [Fact]
    public void Map_TokenCountThatIsNotANumber_IsKeptAsAttribute()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("gen_ai.usage.input_tokens", "many"), ("gen_ai.usage.output_tokens", "7"))));

        Assert.Null(span.Usage.Input);
        Assert.Equal(7, span.Usage.Output);
        Assert.Equal("many", span.Attributes["gen_ai.usage.input_tokens"]);
    }

    [Fact]
    public void Map_FinishReasonsAsJsonString_AreReadAsArray()
    {
        var span = Ingest.MapOne(Make.Traces(Make.Span(("gen_ai.response.finish_reasons", "[\"stop\",\"length\"]"))));

        Assert.Equal(["stop", "length"], span.FinishReasons);
    }
}
