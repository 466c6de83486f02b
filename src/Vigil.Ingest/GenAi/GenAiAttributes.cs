using System.Collections.Frozen;

namespace Vigil.Ingest.GenAi;

/// <summary>
/// Attribute and event names read at ingestion: Vigil's attribution attributes, the OpenTelemetry
/// GenAI semantic conventions (registry v1.41, deprecated names included) and OpenInference.
/// </summary>
internal static class GenAiAttributes
{
    // Vigil's contract (product brief: attribution attributes).
    public const string Feature = "vigil.feature";
    public const string Team = "vigil.team";
    public const string Release = "vigil.release";
    public const string PromptVersion = "vigil.prompt.version";
    public const string IndexVersion = "vigil.index.version";
    public const string RoutingVersion = "vigil.routing.version";
    public const string Stage = "vigil.stage";
    public const string Segment = "vigil.segment";
    public const string CostUsd = "vigil.cost.usd";
    public const string CacheHit = "vigil.cache.hit";

    // General semantic conventions.
    public const string ServiceName = "service.name";
    public const string UserId = "user.id";
    public const string EndUserId = "enduser.id";
    public const string SessionId = "session.id";
    public const string Environment = "deployment.environment.name";
    public const string EnvironmentDeprecated = "deployment.environment";
    public const string ErrorType = "error.type";
    public const string ExceptionType = "exception.type";
    public const string ExceptionEvent = "exception";

    // GenAI semantic conventions.
    public const string ConversationId = "gen_ai.conversation.id";
    public const string Operation = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string System = "gen_ai.system";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ResponseId = "gen_ai.response.id";
    public const string FinishReasons = "gen_ai.response.finish_reasons";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string PromptTokens = "gen_ai.usage.prompt_tokens";
    public const string CompletionTokens = "gen_ai.usage.completion_tokens";
    public const string CacheReadTokens = "gen_ai.usage.cache_read.input_tokens";
    public const string CacheCreationTokens = "gen_ai.usage.cache_creation.input_tokens";
    public const string ReasoningTokens = "gen_ai.usage.reasoning.output_tokens";

    /// <summary>Not in the registry; sent by OpenLIT and similar SDKs.</summary>
    public const string UsageCost = "gen_ai.usage.cost";

    /// <summary>Not in the registry (v1.41 defines no cache-hit attribute); accepted beside <see cref="CacheHit"/>.</summary>
    public const string GenAiCacheHit = "gen_ai.cache.hit";

    // Content.
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";
    public const string SystemInstructions = "gen_ai.system_instructions";
    public const string Prompt = "gen_ai.prompt";
    public const string Completion = "gen_ai.completion";
    public const string ToolCallArguments = "gen_ai.tool.call.arguments";
    public const string ToolCallResult = "gen_ai.tool.call.result";
    public const string RetrievalQuery = "gen_ai.retrieval.query.text";
    public const string RetrievalDocuments = "gen_ai.retrieval.documents";

    // Evaluation events.
    public const string EvaluationEvent = "gen_ai.evaluation.result";
    public const string EvaluationName = "gen_ai.evaluation.name";
    public const string EvaluationScoreValue = "gen_ai.evaluation.score.value";
    public const string EvaluationScoreLabel = "gen_ai.evaluation.score.label";
    public const string EvaluationExplanation = "gen_ai.evaluation.explanation";

    // OpenInference.
    public const string OiSpanKind = "openinference.span.kind";
    public const string OiModelName = "llm.model_name";
    public const string OiProvider = "llm.provider";
    public const string OiSystem = "llm.system";
    public const string OiPromptTokens = "llm.token_count.prompt";
    public const string OiCompletionTokens = "llm.token_count.completion";
    public const string OiCacheReadTokens = "llm.token_count.prompt_details.cache_read";
    public const string OiCacheWriteTokens = "llm.token_count.prompt_details.cache_write";
    public const string OiReasoningTokens = "llm.token_count.completion_details.reasoning";
    public const string OiCostTotal = "llm.cost.total";
    public const string OiInputValue = "input.value";
    public const string OiOutputValue = "output.value";

    /// <summary>
    /// Attributes mapped to a field of the span, so not repeated in its attribute map. A value that
    /// cannot be read (a token count that is not a number, an unknown <c>vigil.stage</c>) is kept in
    /// the map instead.
    /// </summary>
    public static FrozenSet<string> Mapped { get; } = FrozenSet.Create(StringComparer.Ordinal,
    [
        Feature, Team, Release, PromptVersion, IndexVersion, RoutingVersion, Stage, Segment, CostUsd, CacheHit,
        ServiceName, UserId, EndUserId, SessionId, Environment, EnvironmentDeprecated, ErrorType,
        ConversationId, Operation, ProviderName, System, RequestModel, ResponseModel, FinishReasons,
        InputTokens, OutputTokens, PromptTokens, CompletionTokens, CacheReadTokens, CacheCreationTokens, ReasoningTokens,
        UsageCost, GenAiCacheHit,
        InputMessages, OutputMessages, SystemInstructions, Prompt, Completion,
        ToolCallArguments, ToolCallResult, RetrievalQuery, RetrievalDocuments,
        OiSpanKind, OiModelName, OiProvider, OiSystem, OiPromptTokens, OiCompletionTokens,
        OiCacheReadTokens, OiCacheWriteTokens, OiReasoningTokens, OiCostTotal, OiInputValue, OiOutputValue,
    ]);

    /// <summary>Whether an attribute carries prompts, outputs or retrieved text (mapped or not).</summary>
    public static bool IsContent(string key) =>
        key is InputMessages or OutputMessages or SystemInstructions or Prompt or Completion or OiInputValue or OiOutputValue
            or ToolCallArguments or ToolCallResult or RetrievalQuery or RetrievalDocuments
        || IsUnmappedContent(key);

    /// <summary>
    /// Content attributes that Vigil does not map to a field but that carry prompts or outputs all
    /// the same (OpenLLMetry's <c>gen_ai.prompt.0.content</c>, OpenInference's
    /// <c>llm.input_messages.0.message.content</c>, retrieved documents, …). They stay in the
    /// attribute map when content is stored and are dropped with it when it is not.
    /// </summary>
    public static bool IsUnmappedContent(string key)
    {
        return HasIndexedPrefix(key, "gen_ai.prompt.")
            || HasIndexedPrefix(key, "gen_ai.completion.")
            || key.StartsWith("llm.input_messages.", StringComparison.Ordinal)
            || key.StartsWith("llm.output_messages.", StringComparison.Ordinal)
            || key.StartsWith("llm.prompts", StringComparison.Ordinal)
            || key.StartsWith("llm.prompt_template.variables", StringComparison.Ordinal)
            || key.StartsWith("retrieval.documents.", StringComparison.Ordinal)
            || key.StartsWith("reranker.input_documents.", StringComparison.Ordinal)
            || key.StartsWith("reranker.output_documents.", StringComparison.Ordinal)
            || key.StartsWith("embedding.embeddings.", StringComparison.Ordinal);
    }

    private static bool HasIndexedPrefix(string key, string prefix) =>
        key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.Ordinal) && char.IsAsciiDigit(key[prefix.Length]);
}
