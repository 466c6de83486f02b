using System.Globalization;
using OpenAI.Chat;

namespace Vigil.Evals.Runs;

/// <summary>The sampling parameters of <see cref="ChatTargetOptions.Parameters"/>, read once and checked.</summary>
internal sealed record ChatParameters(
    float? Temperature, float? TopP, int? MaxTokens, int? MaxOutputTokens, long? Seed, float? FrequencyPenalty, float? PresencePenalty)
{
    public static readonly IReadOnlyList<string> Known =
        ["frequency_penalty", "max_output_tokens", "max_tokens", "presence_penalty", "seed", "temperature", "top_p"];

    /// <exception cref="ArgumentException">An unknown name or a malformed value; the message names the parameter.</exception>
    public static ChatParameters Parse(IReadOnlyDictionary<string, string> parameters)
    {
        float? temperature = null, topP = null, frequencyPenalty = null, presencePenalty = null;
        int? maxTokens = null, maxOutputTokens = null;
        long? seed = null;
        foreach (var (name, text) in parameters)
        {
            switch (name)
            {
                case "temperature":
                    temperature = (float)Number(parameters, name, text, 0, 2);
                    break;
                case "top_p":
                    topP = (float)Number(parameters, name, text, 0, 1);
                    break;
                case "max_tokens":
                    maxTokens = (int)Integer(parameters, name, text, 1, int.MaxValue);
                    break;
                case "max_output_tokens" or "max_completion_tokens":
                    maxOutputTokens = (int)Integer(parameters, name, text, 1, int.MaxValue);
                    break;
                case "frequency_penalty":
                    frequencyPenalty = (float)Number(parameters, name, text, -2, 2);
                    break;
                case "presence_penalty":
                    presencePenalty = (float)Number(parameters, name, text, -2, 2);
                    break;
                case "seed":
                    seed = Integer(parameters, name, text, long.MinValue, long.MaxValue);
                    break;
                default:
                    throw new ArgumentException(
                        $"parameter {name}: unknown (known: {string.Join(", ", Known)})", nameof(parameters));
            }
        }

        if (maxTokens is not null && maxOutputTokens is not null)
        {
            throw new ArgumentException("parameter max_tokens: give max_tokens or max_output_tokens, not both", nameof(parameters));
        }

        return new ChatParameters(temperature, topP, maxTokens, maxOutputTokens, seed, frequencyPenalty, presencePenalty);
    }

    /// <summary>A new request carrying these parameters (the SDK's options object is not thread-safe, so one per call).</summary>
    public ChatCompletionOptions ToRequest()
    {
        var request = new ChatCompletionOptions
        {
            Temperature = Temperature,
            TopP = TopP,
            MaxOutputTokenCount = MaxOutputTokens,
            FrequencyPenalty = FrequencyPenalty,
            PresencePenalty = PresencePenalty,
        };
#pragma warning disable OPENAI001, SCME0001 // Seed and the raw JSON patch are marked experimental by the SDK; both are plain request fields.
        request.Seed = Seed;
        if (MaxTokens is { } maxTokens)
        {
            // The SDK writes max_completion_tokens only; most OpenAI-compatible servers read max_tokens.
            request.Patch.Set("$.max_tokens"u8, maxTokens);
        }
#pragma warning restore OPENAI001, SCME0001
        return request;
    }

    private static double Number(IReadOnlyDictionary<string, string> parameters, string name, string text, double min, double max)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new ArgumentException($"parameter {name}: expected a number such as 0.7, got \"{text}\"", nameof(parameters));
        }

        if (value < min || value > max)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"parameter {name}: must lie in [{min}, {max}], got {text}"), nameof(parameters));
        }

        return value;
    }

    private static long Integer(IReadOnlyDictionary<string, string> parameters, string name, string text, long min, long max)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException($"parameter {name}: expected a whole number, got \"{text}\"", nameof(parameters));
        }

        if (value < min || value > max)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"parameter {name}: must lie in [{min}, {max}], got {text}"), nameof(parameters));
        }

        return value;
    }
}
