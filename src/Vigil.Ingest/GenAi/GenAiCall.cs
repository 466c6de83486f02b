using Vigil.Core.Spans;
using Vigil.Ingest.Otlp;
using A = Vigil.Ingest.GenAi.GenAiAttributes;

namespace Vigil.Ingest.GenAi;

/// <summary>The GenAI facts of one span, whichever convention (current, deprecated, OpenInference) carried them.</summary>
internal sealed record GenAiCall(
    string? Operation,
    string? Provider,
    string? RequestModel,
    string? ResponseModel,
    TokenUsage Usage,
    IReadOnlyList<string> FinishReasons,
    decimal? ReportedCost,
    bool? CacheHit)
{
    /// <summary>Reported costs at or above this many USD are not a cost of one call; they are kept as an attribute instead.</summary>
    private const double MaxReportedCost = 1e9;

    /// <summary>
    /// Reads the call. Current names win over deprecated ones, which win over OpenInference:
    /// <c>gen_ai.usage.input_tokens</c> → <c>gen_ai.usage.prompt_tokens</c> → <c>llm.token_count.prompt</c>,
    /// and so on; <c>gen_ai.provider.name</c> → <c>gen_ai.system</c> → <c>llm.provider</c> → <c>llm.system</c>.
    /// OpenInference's <c>llm.model_name</c> is read as the response model (its instrumentations take it
    /// from the response). Token counts follow the conventions (cache tokens part of the input,
    /// reasoning part of the output); when cache tokens exceed the input (Anthropic's API counts
    /// them apart and some instrumentations pass that on) they are added to it, and likewise
    /// reasoning to the output, so that pricing never sees a negative uncached part.
    /// </summary>
    public static GenAiCall Read(SpanAttributes a)
    {
        var operation = a.Text(A.Operation);
        if (a.Text(A.OiSpanKind) is { } kind)
        {
            var fromKind = GenAiVocabulary.OperationFromOpenInference(kind);
            if (fromKind is null)
            {
                a.Keep(A.OiSpanKind);
            }

            operation ??= fromKind;
        }

        string? provider = null;
        if (a.Text(A.ProviderName, A.System) is { } semconvProvider)
        {
            provider = GenAiVocabulary.ProviderFromSemconv(semconvProvider);
        }
        else if (a.Text(A.OiProvider, A.OiSystem) is { } oiProvider)
        {
            provider = GenAiVocabulary.ProviderFromOpenInference(oiProvider);
        }

        return new GenAiCall(
            operation,
            provider,
            a.Text(A.RequestModel),
            a.Text(A.ResponseModel, A.OiModelName),
            ReadUsage(a),
            a.Texts(A.FinishReasons),
            ReadCost(a, A.CostUsd) ?? ReadCost(a, A.UsageCost) ?? ReadCost(a, A.OiCostTotal),
            a.Flag(A.CacheHit) ?? a.Flag(A.GenAiCacheHit));
    }

    private static TokenUsage ReadUsage(SpanAttributes a)
    {
        var input = a.Count(A.InputTokens) ?? a.Count(A.PromptTokens) ?? a.Count(A.OiPromptTokens);
        var output = a.Count(A.OutputTokens) ?? a.Count(A.CompletionTokens) ?? a.Count(A.OiCompletionTokens);
        var cacheRead = a.Count(A.CacheReadTokens) ?? a.Count(A.OiCacheReadTokens);
        var cacheWrite = a.Count(A.CacheCreationTokens) ?? a.Count(A.OiCacheWriteTokens);
        var reasoning = a.Count(A.ReasoningTokens) ?? a.Count(A.OiReasoningTokens);
        if (input is null && output is null && cacheRead is null && cacheWrite is null && reasoning is null)
        {
            return TokenUsage.None;
        }

        var cached = (cacheRead ?? 0) + (cacheWrite ?? 0);
        if (input is { } i && cached > i)
        {
            input = i + cached;
        }

        if (output is { } o && reasoning is { } r && r > o)
        {
            output = o + r;
        }

        return new TokenUsage { Input = input, Output = output, CacheRead = cacheRead, CacheWrite = cacheWrite, Reasoning = reasoning };
    }

    private static decimal? ReadCost(SpanAttributes a, string key)
    {
        if (a.Number(key) is not { } cost)
        {
            return null;
        }

        if (cost is < 0 or >= MaxReportedCost)
        {
            a.Keep(key);
            return null;
        }

        return (decimal)cost;
    }
}
