namespace Vigil.Ingest.GenAi;

/// <summary>Value translations between conventions: old provider names, OpenInference providers and span kinds.</summary>
internal static class GenAiVocabulary
{
    /// <summary>
    /// A <c>gen_ai.provider.name</c> or deprecated <c>gen_ai.system</c> value in current terms. Only
    /// the renames the registry declares (<c>renamed_to</c> in registry-deprecated.yaml, v1.41) are
    /// applied: <c>az.ai.openai</c>, <c>az.ai.inference</c>, <c>vertex_ai</c>, <c>gemini</c>. Other
    /// values pass through unchanged, including <c>xai</c>, which the registry lists under
    /// <c>gen_ai.system</c> without a rename although <c>gen_ai.provider.name</c> spells it <c>x_ai</c>.
    /// </summary>
    public static string ProviderFromSemconv(string value) => value switch
    {
        "az.ai.openai" => "azure.ai.openai",
        "az.ai.inference" => "azure.ai.inference",
        "vertex_ai" => "gcp.vertex_ai",
        "gemini" => "gcp.gemini",
        _ => value,
    };

    /// <summary>
    /// An OpenInference <c>llm.provider</c> or <c>llm.system</c> value in <c>gen_ai.provider.name</c>
    /// terms, so that prices (keyed by provider) match whichever convention the SDK used. Values
    /// with an obvious counterpart are translated; others pass through unchanged.
    /// </summary>
    public static string ProviderFromOpenInference(string value) => value switch
    {
        "mistralai" => "mistral_ai",
        "azure" => "azure.ai.openai",
        "google" => "gcp.gen_ai",
        "vertexai" => "gcp.vertex_ai",
        "aws" => "aws.bedrock",
        "xai" => "x_ai",
        _ => value,
    };

    /// <summary>
    /// The <c>gen_ai.operation.name</c> implied by an <c>openinference.span.kind</c>, or null for kinds
    /// without one (CHAIN, GUARDRAIL, EVALUATOR, …), which then stay in the attribute map.
    /// </summary>
    public static string? OperationFromOpenInference(string kind) => kind switch
    {
        "LLM" => "chat",
        "EMBEDDING" => "embeddings",
        "RETRIEVER" => "retrieval",
        "RERANKER" => "rerank",
        "TOOL" => "execute_tool",
        "AGENT" => "invoke_agent",
        _ => null,
    };

    /// <summary>The role of a pre-1.37 content event (<c>gen_ai.user.message</c> → "user"), or null for other events.</summary>
    public static string? RoleOfMessageEvent(string eventName) => eventName switch
    {
        "gen_ai.system.message" => "system",
        "gen_ai.user.message" => "user",
        "gen_ai.assistant.message" => "assistant",
        "gen_ai.tool.message" => "tool",
        _ => null,
    };
}
