using System.Collections.Frozen;

namespace Vigil.Core.Pricing;

/// <summary>
/// Provider names in <c>gen_ai.provider.name</c> terms, and the normalisation of the older
/// <c>gen_ai.system</c> values and common spellings onto them ("gemini" → "gcp.gemini").
/// </summary>
public static class ProviderNames
{
    public const string OpenAI = "openai";
    public const string Anthropic = "anthropic";
    public const string GcpGemini = "gcp.gemini";
    public const string GcpVertexAI = "gcp.vertex_ai";
    public const string GcpGenAI = "gcp.gen_ai";
    public const string AwsBedrock = "aws.bedrock";
    public const string AzureOpenAI = "azure.ai.openai";
    public const string AzureInference = "azure.ai.inference";
    public const string MistralAI = "mistral_ai";
    public const string Groq = "groq";
    public const string Cohere = "cohere";
    public const string DeepSeek = "deepseek";
    public const string Perplexity = "perplexity";
    public const string XAI = "x_ai";
    public const string IbmWatsonx = "ibm.watsonx.ai";

    /// <summary>Not in the GenAI registry; named as LiteLLM and the OpenTelemetry instrumentations name it.</summary>
    public const string TogetherAI = "together_ai";

    /// <summary>Not in the GenAI registry; named as LiteLLM names it.</summary>
    public const string FireworksAI = "fireworks_ai";

    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["gemini"] = GcpGemini,
        ["vertex_ai"] = GcpVertexAI,
        ["vertexai"] = GcpVertexAI,
        ["az.ai.openai"] = AzureOpenAI,
        ["azure_openai"] = AzureOpenAI,
        ["azure"] = AzureOpenAI,
        ["az.ai.inference"] = AzureInference,
        ["azure_ai"] = AzureInference,
        ["bedrock"] = AwsBedrock,
        ["aws_bedrock"] = AwsBedrock,
        ["mistral"] = MistralAI,
        ["mistralai"] = MistralAI,
        ["xai"] = XAI,
        ["watsonx"] = IbmWatsonx,
        ["together"] = TogetherAI,
        ["fireworks"] = FireworksAI,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The provider in <c>gen_ai.provider.name</c> terms, lower case; null for null or blank.</summary>
    public static string? Normalize(string? provider)
    {
        if (string.IsNullOrWhiteSpace(provider))
        {
            return null;
        }

        var trimmed = provider.Trim();
        return Aliases.TryGetValue(trimmed, out var name) ? name : trimmed.ToLowerInvariant();
    }
}
