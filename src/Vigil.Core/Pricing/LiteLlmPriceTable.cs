using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Core.Pricing;

/// <summary>
/// Reads LiteLLM's <c>model_prices_and_context_window.json</c>: an object whose keys are model
/// names ("gpt-4o", "azure/gpt-4o", "bedrock/us-east-1/anthropic.claude-…") and whose values give
/// prices in USD per token. Rates become exact decimals per million tokens.
/// </summary>
/// <remarks>
/// <para>
/// Read: <c>input_cost_per_token</c>, <c>output_cost_per_token</c>, <c>cache_read_input_token_cost</c>
/// (or DeepSeek's <c>input_cost_per_token_cache_hit</c>), <c>cache_creation_input_token_cost</c>,
/// <c>output_cost_per_reasoning_token</c>, and the long-context tiers <c>*_above_128k_tokens</c> /
/// <c>*_above_200k_tokens</c> of those four. A tier whose input and output rates are both 0 under a
/// priced model is a placeholder in LiteLLM's data and is dropped. Everything else (per image, second,
/// character, query; batch and flex rates) is ignored.
/// </para>
/// <para>
/// Left out, each with a reason: <c>sample_spec</c>, and entries without a per-token price (image,
/// audio and video models priced per unit). A missing input or output rate is 0 (embeddings).
/// </para>
/// <para>
/// <c>litellm_provider</c> becomes a <c>gen_ai.provider.name</c> (see <see cref="LiteLlmNames"/>).
/// Several keys share a canonical name per provider ("gpt-4o", "gpt-4o-2024-05-13",
/// "gpt-4o-2024-08-06"); one of them, the undated alias when there is one, gets the canonical name,
/// and the others keep their own name (lower case, without the route when that is unambiguous) so a
/// call naming an exact snapshot finds that snapshot's price (<see cref="PriceCatalog.Find"/>).
/// </para>
/// <para>A syntax error, or a price that is not a non-negative number, throws <see cref="PriceImportException"/>.</para>
/// </remarks>
public static class LiteLlmPriceTable
{
    private const string SampleSpec = "sample_spec";
    private const string InputField = "input_cost_per_token";
    private const string OutputField = "output_cost_per_token";
    private const string CacheReadField = "cache_read_input_token_cost";
    private const string CacheHitField = "input_cost_per_token_cache_hit";
    private const string CacheWriteField = "cache_creation_input_token_cost";
    private const string ReasoningField = "output_cost_per_reasoning_token";

    private static readonly string[] TieredFields = [InputField, OutputField, CacheReadField, CacheWriteField];

    public static LiteLlmImport Parse(string json, string source, DateTimeOffset effectiveFrom)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var entries = new List<LiteLlmEntry>();
        var skipped = new List<SkippedPriceEntry>();
        foreach (var (key, value) in ReadEntries(json))
        {
            if (key == SampleSpec)
            {
                skipped.Add(new SkippedPriceEntry(key, "documentation pseudo-entry describing the fields, not a model"));
                continue;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new PriceImportException(key, null, $"expected an object of prices, found {Describe(value)}");
            }

            if (ReadEntry(key, value, entries.Count) is { } entry)
            {
                entries.Add(entry);
            }
            else
            {
                skipped.Add(new SkippedPriceEntry(key, NoTokenPriceReason(value)));
            }
        }

        var prices = LiteLlmNames.Assign(entries, skipped)
            .Select(named => named.Entry.ToPrice(named.Model, source, effectiveFrom))
            .ToList();
        return new LiteLlmImport(prices.AsReadOnly(), skipped.AsReadOnly());
    }

    /// <summary>The top-level entries; a syntax error names the entry it occurred in or after.</summary>
    private static List<(string Key, JsonElement Value)> ReadEntries(string json)
    {
        var entries = new List<(string, JsonElement)>();
        var bytes = Encoding.UTF8.GetBytes(json.TrimStart('\uFEFF'));
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        string? key = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new PriceImportException(null, null, "expected a JSON object whose keys are model names");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                key = reader.GetString()!;
                reader.Read();
                entries.Add((key, JsonElement.ParseValue(ref reader)));
            }

            while (reader.Read())
            {
                // Anything after the closing brace other than whitespace and comments is a syntax error.
            }
        }
        catch (JsonException e)
        {
            var where = key is null ? "" : $" (in or after entry '{key}')";
            throw new PriceImportException(key, null, $"not valid JSON at line {e.LineNumber + 1}{where}: {e.Message}", e);
        }

        return entries;
    }

    /// <summary>The entry's prices, or null when it has no per-token price.</summary>
    private static LiteLlmEntry? ReadEntry(string key, JsonElement value, int index)
    {
        var input = ReadRate(key, value, InputField);
        var output = ReadRate(key, value, OutputField);
        if (input is null && output is not > 0)
        {
            return null;
        }

        var baseInput = input ?? 0m;
        var baseOutput = output ?? 0m;
        return new LiteLlmEntry
        {
            Index = index,
            Key = key,
            LitellmProvider = ReadString(key, value, "litellm_provider"),
            Input = baseInput,
            Output = baseOutput,
            CacheRead = ReadRate(key, value, CacheReadField) ?? ReadRate(key, value, CacheHitField),
            CacheWrite = ReadRate(key, value, CacheWriteField),
            Reasoning = ReadRate(key, value, ReasoningField),
            Tiers = ReadTiers(key, value, baseInput, baseOutput),
        };
    }

    private static List<PriceTier> ReadTiers(string key, JsonElement value, decimal baseInput, decimal baseOutput)
    {
        var rates = new SortedDictionary<long, Dictionary<string, decimal>>();
        foreach (var property in value.EnumerateObject())
        {
            if (TryParseTieredField(key, property.Name, out var field, out var threshold) && ReadRate(key, value, property.Name) is { } rate)
            {
                if (!rates.TryGetValue(threshold, out var tier))
                {
                    rates[threshold] = tier = [];
                }

                tier[field] = rate;
            }
        }

        var tiers = new List<PriceTier>();
        foreach (var (threshold, tier) in rates)
        {
            var input = tier.GetValueOrDefault(InputField, baseInput);
            var output = tier.GetValueOrDefault(OutputField, baseOutput);
            if (input == 0 && output == 0 && (baseInput > 0 || baseOutput > 0))
            {
                continue;
            }

            tiers.Add(new PriceTier
            {
                AboveInputTokens = threshold,
                InputPerMillion = input,
                OutputPerMillion = output,
                CacheReadPerMillion = tier.TryGetValue(CacheReadField, out var read) ? read : null,
                CacheWritePerMillion = tier.TryGetValue(CacheWriteField, out var write) ? write : null,
            });
        }

        return tiers;
    }

    /// <summary>"input_cost_per_token_above_128k_tokens" → ("input_cost_per_token", 128000).</summary>
    private static bool TryParseTieredField(string key, string name, out string field, out long threshold)
    {
        foreach (var tiered in TieredFields)
        {
            var prefix = tiered + "_above_";
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith("_tokens", StringComparison.Ordinal))
            {
                var text = name.AsSpan()[prefix.Length..^"_tokens".Length];
                var multiplier = text.EndsWith("k") ? 1_000L : text.EndsWith("m") ? 1_000_000L : 1L;
                var digits = multiplier == 1 ? text : text[..^1];
                if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > long.MaxValue / multiplier)
                {
                    throw new PriceImportException(key, name, $"cannot read the token threshold '{text}' (expected a count such as 128k or 200000)");
                }

                field = tiered;
                threshold = count * multiplier;
                return true;
            }
        }

        field = "";
        threshold = 0;
        return false;
    }

    /// <summary>A USD-per-token field as USD per million tokens; null when absent or null.</summary>
    private static decimal? ReadRate(string key, JsonElement entry, string field)
    {
        if (!entry.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new PriceImportException(key, field, $"expected a number of USD per token, found {Describe(value)}");
        }

        if (!value.TryGetDecimal(out var perToken) &&
            !decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out perToken))
        {
            throw new PriceImportException(key, field, $"{value.GetRawText()} is out of the range of a price");
        }

        if (perToken < 0)
        {
            throw new PriceImportException(key, field, $"a price cannot be negative ({value.GetRawText()})");
        }

        // Dividing by 1.000… drops the trailing zeros the multiplication leaves (0.15000000 → 0.15).
        return perToken * 1_000_000m / 1.0000000000000000000000000000m;
    }

    private static string? ReadString(string key, JsonElement entry, string field)
    {
        if (!entry.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new PriceImportException(key, field, $"expected a string, found {Describe(value)}");
    }

    private static string NoTokenPriceReason(JsonElement entry)
    {
        var mode = entry.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var costs = entry.EnumerateObject()
            .Where(p => p.Name.Contains("cost", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.Number)
            .Select(p => p.Name)
            .ToList();
        var priced = costs.Count == 0 ? "no prices at all" : "priced by " + string.Join(", ", costs);
        return $"no per-token price (mode {mode ?? "unset"}; {priced})";
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        _ => value.GetRawText(),
    };
}
