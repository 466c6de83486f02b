using Vigil.Core.Pricing;
using Vigil.Testing;

namespace Vigil.Core.Tests.Pricing;

public sealed class ModelNamesTests
{
    [Theory]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("GPT-4o-2024-08-06", "gpt-4o")]
    [InlineData("  gpt-4o  ", "gpt-4o")]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("o1-2024-12-17", "o1")]
    [InlineData("o3-mini-2025-01-31", "o3-mini")]
    [InlineData("gpt-4-0613", "gpt-4")]
    [InlineData("gpt-3.5-turbo-1106", "gpt-3.5-turbo")]
    [InlineData("claude-3-5-sonnet-20241022", "claude-3-5-sonnet")]
    [InlineData("claude-3-7-sonnet-latest", "claude-3-7-sonnet")]
    [InlineData("claude-sonnet-4-20250514", "claude-sonnet-4")]
    [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
    [InlineData("claude-3-5-sonnet@20240620", "claude-3-5-sonnet")]
    [InlineData("claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet")]
    [InlineData("gemini-1.5-pro-002", "gemini-1.5-pro")]
    [InlineData("gemini-2.0-flash-001", "gemini-2.0-flash")]
    [InlineData("gemini-2.5-flash-preview-05-20", "gemini-2.5-flash-preview")]
    [InlineData("mistral-large-latest", "mistral-large")]
    [InlineData("mistral-large-2407", "mistral-large")]
    [InlineData("codestral-2501", "codestral")]
    [InlineData("gpt-35-turbo-0613", "gpt-3.5-turbo")]
    public void Canonical_DatedVersion_IsRemoved(string model, string expected) =>
        Assert.Equal(expected, ModelNames.Canonical(model));

    [Theory]
    [InlineData("openai/gpt-4o", "gpt-4o")]
    [InlineData("azure/gpt-4o-2024-11-20", "gpt-4o")]
    [InlineData("anthropic/claude-3-5-haiku-20241022", "claude-3-5-haiku")]
    [InlineData("gemini/gemini-2.5-pro", "gemini-2.5-pro")]
    [InlineData("vertex_ai/gemini-1.5-flash-002", "gemini-1.5-flash")]
    [InlineData("models/gemini-2.0-flash", "gemini-2.0-flash")]
    [InlineData("projects/p/locations/us-central1/publishers/google/models/gemini-1.5-pro-002", "gemini-1.5-pro")]
    [InlineData("groq/llama-3.3-70b-versatile", "llama-3.3-70b-versatile")]
    [InlineData("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", "llama-3.3-70b-instruct-turbo")]
    [InlineData("mistral/mistral-small-latest", "mistral-small")]
    [InlineData("anthropic.claude-3-5-haiku-20241022-v1:0", "claude-3-5-haiku")]
    [InlineData("us.anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet")]
    [InlineData("eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet")]
    [InlineData("bedrock/us-east-1/anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku")]
    [InlineData("mistral.mistral-large-2407-v1:0", "mistral-large")]
    [InlineData("amazon.nova-pro-v1:0", "nova-pro")]
    [InlineData("meta.llama3-1-70b-instruct-v1:0", "llama3-1-70b-instruct")]
    public void Canonical_ProviderPrefix_IsRemoved(string model, string expected) =>
        Assert.Equal(expected, ModelNames.Canonical(model));

    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("o1-mini")]
    [InlineData("o1")]
    [InlineData("gpt-4.1-nano")]
    [InlineData("claude-sonnet-4")]
    [InlineData("claude-sonnet-4-5")]
    [InlineData("claude-opus-4-1")]
    [InlineData("text-embedding-ada-002")]
    [InlineData("text-embedding-004")]
    [InlineData("text-embedding-3-small")]
    [InlineData("llama3-70b-8192")]
    [InlineData("mixtral-8x7b-32768")]
    [InlineData("deepseek-v3")]
    [InlineData("mixtral-8x7b-instruct-v0.1")]
    [InlineData("gemini-1.5-flash-8b")]
    [InlineData("claude-v2:1")]
    [InlineData("ft:gpt-4o-mini-2024-07-18:acme:support:9abc")]
    public void Canonical_RealModelDistinction_IsKept(string model) =>
        Assert.Equal(model, ModelNames.Canonical(model));

    [Theory]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18")]
    [InlineData("o1-2024-12-17", "o1-mini-2024-09-12")]
    [InlineData("claude-sonnet-4-20250514", "claude-sonnet-4-5-20250929")]
    [InlineData("claude-opus-4-20250514", "claude-opus-4-1-20250805")]
    [InlineData("amazon.titan-embed-text-v1", "amazon.titan-embed-text-v2:0")]
    [InlineData("gemini-2.5-flash", "gemini-2.5-flash-lite")]
    public void Canonical_DifferentModels_StayDifferent(string one, string other) =>
        Assert.NotEqual(ModelNames.Canonical(one), ModelNames.Canonical(other));

    [Fact]
    public void Canonical_CanonicalName_IsReturnedAsIs() =>
        Assert.Same("gpt-4o", ModelNames.Canonical("gpt-4o"));

    [SharedDataFact]
    public void Canonical_OfEveryLiteLlmKey_IsIdempotent()
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("litellm/model_prices_and_context_window.json")));
        var notIdempotent = json.RootElement.EnumerateObject()
            .Select(p => ModelNames.Canonical(p.Name))
            .Where(c => ModelNames.Canonical(c) != c)
            .ToList();
        Assert.Equal([], notIdempotent);
    }
}
