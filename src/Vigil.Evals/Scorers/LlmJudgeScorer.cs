using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.RegularExpressions;
using OpenAI;
using OpenAI.Chat;
using Vigil.Evals.Internal;

namespace Vigil.Evals.Scorers;

/// <summary>
/// <c>llm_judge</c>: asks a model behind any OpenAI-compatible chat-completions endpoint (option
/// <c>baseUrl</c>, <c>model</c>) to grade the output against option <c>rubric</c>, replying
/// <c>{"score": 0..1, "reason": "…"}</c>; passes at <c>threshold</c> (default 0.5). The API key is read
/// from the environment variable named by <c>apiKeyEnv</c>. A malformed reply is a failed score; an
/// unreachable judge, an HTTP error or a time-out (<c>timeout</c>, default 60 s, after
/// <c>maxRetries</c>, default 2) throws <see cref="LlmJudgeException"/>.
/// </summary>
internal sealed partial class LlmJudgeScorer(ChatClient client, JudgeSettings settings) : IScorer
{
    public const string ScorerName = "llm_judge";

    public const string DefaultBaseUrl = "https://api.openai.com/v1";

    public const string DefaultApiKeyEnv = "OPENAI_API_KEY";

    public string Name => ScorerName;

    public static LlmJudgeScorer? Create(OptionReader options)
    {
        var baseUrl = options.String("baseUrl") ?? DefaultBaseUrl;
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            options.Problem("baseUrl", $"expected an absolute http(s) URL such as {DefaultBaseUrl}, got \"{baseUrl}\"");
        }

        var model = options.RequiredString("model", "the judge model's name, e.g. gpt-4o-mini");
        var rubric = options.RequiredString("rubric", "what a good output does, in words the judge can grade against");
        var threshold = options.Threshold(0.5);
        var timeout = options.Milliseconds("timeout") ?? 60_000;
        var maxRetries = (int)options.Number("maxRetries", 2, 0, 10);
        var jsonMode = options.Bool("jsonMode", true);
        var key = ApiKey(options);
        if (options.Problems.Count > 0 || endpoint is null || key is null)
        {
            return null;
        }

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            NetworkTimeout = TimeSpan.FromMilliseconds(timeout),
            RetryPolicy = new ClientRetryPolicy(maxRetries),
        };
        var client = new ChatClient(model, new ApiKeyCredential(key), clientOptions);
        return new LlmJudgeScorer(client, new JudgeSettings(endpoint, model, rubric, threshold, TimeSpan.FromMilliseconds(timeout), jsonMode));
    }

    public async ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken)
    {
        ChatMessage[] messages = [new SystemChatMessage(JudgeReply.Instructions), new UserChatMessage(JudgeReply.Request(settings.Rubric, input))];
        var request = new ChatCompletionOptions { Temperature = 0 };
        if (settings.JsonMode)
        {
            request.ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat();
        }

        ChatCompletion completion;
        try
        {
            completion = (await client.CompleteChatAsync(messages, request, cancellationToken)).Value;
        }
        catch (ClientResultException e) when (e.Status != 0)
        {
            throw new LlmJudgeException($"the judge {Describe()} answered HTTP {e.Status}: {Shorten(e.Message)}", e.Status, e);
        }
        catch (ClientResultException e)
        {
            throw new LlmJudgeException($"the judge {Describe()} could not be reached: {Shorten(e.Message)}", null, e);
        }
        catch (HttpRequestException e)
        {
            throw new LlmJudgeException($"the judge {Describe()} could not be reached: {Shorten(e.Message)}", null, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LlmJudgeException($"the judge {Describe()} did not answer within {settings.Timeout.TotalSeconds:0.###} s (option timeout)", null, e);
        }

        var text = completion.Content.Count > 0 ? string.Concat(completion.Content.Select(p => p.Text)) : null;
        if (text is null && !string.IsNullOrEmpty(completion.Refusal))
        {
            return Score.Fail(0, $"the judge refused to grade: {TextNormalizer.Quote(completion.Refusal, 80)}");
        }

        if (JudgeReply.TryParse(text, out var problem) is not { } verdict)
        {
            return Score.Fail(0, $"{problem} (expected {{\"score\": 0..1, \"reason\": \"…\"}})");
        }

        return Score.AgainstThreshold(verdict.Score, settings.Threshold,
            $"judge {settings.Model} scored {TextNormalizer.Number(verdict.Score, "0.###")} (threshold {TextNormalizer.Number(settings.Threshold)}): {verdict.Reason}");
    }

    private static string? ApiKey(OptionReader options)
    {
        var given = options.String("apiKeyEnv");
        var name = given ?? DefaultApiKeyEnv;
        if (!EnvironmentVariableName().IsMatch(name))
        {
            // Never echo the value: it may be the key itself, pasted where its variable's name belongs.
            options.Problem("apiKeyEnv", "expected the name of an environment variable (letters, digits, '_'), not the key itself");
            return null;
        }

        var key = Environment.GetEnvironmentVariable(name);
        if (!string.IsNullOrEmpty(key))
        {
            return key;
        }

        if (given is not null)
        {
            options.Problem("apiKeyEnv", $"the environment variable {name} is not set");
            return null;
        }

        // No apiKeyEnv and no OPENAI_API_KEY: a local judge (Ollama, vLLM …) needs no key, but the SDK
        // needs a non-empty credential. A real provider will answer 401, which surfaces as LlmJudgeException.
        return "no-key";
    }

    private string Describe() => $"{settings.Model} at {settings.Endpoint}";

    private static string Shorten(string message)
    {
        var flat = message.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 300 ? flat : flat[..297] + "...";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentVariableName();
}

/// <summary>The judge's settings, as the factory read them from options.</summary>
internal sealed record JudgeSettings(Uri Endpoint, string Model, string Rubric, double Threshold, TimeSpan Timeout, bool JsonMode);
