using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using Vigil.Core.Evals;

namespace Vigil.Evals.Runs;

/// <summary>
/// Calls a model behind any OpenAI-compatible chat-completions endpoint through the official OpenAI SDK:
/// the system message is <see cref="ChatTargetOptions.SystemPrompt"/> of the item (none when null), the
/// user message the item's input. A failed call — an HTTP error, an unreachable endpoint, a time-out, a
/// reply without a message — is a <see cref="TargetReply"/> whose <see cref="TargetReply.Error"/> says why
/// in one line; only cancellation throws. Latency covers the whole call, retries included, as measured by
/// the <see cref="TimeProvider"/> given.
/// </summary>
public sealed class ChatCompletionTarget : IEvalTarget
{
    private readonly ChatClient _client;
    private readonly ChatTargetOptions _options;
    private readonly ChatParameters _parameters;
    private readonly TimeProvider _time;

    /// <exception cref="ArgumentException">An option, a parameter or a header is malformed; the message names it.</exception>
    public ChatCompletionTarget(ChatTargetOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.BaseUrl.IsAbsoluteUri || options.BaseUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"BaseUrl: expected an absolute http(s) URL such as http://localhost:8080/v1, got \"{options.BaseUrl}\"", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new ArgumentException("Model: is required", nameof(options));
        }

        if (string.IsNullOrEmpty(options.ApiKey))
        {
            throw new ArgumentException("ApiKey: must not be empty (local servers accept any value, e.g. \"no-key\")", nameof(options));
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Timeout: must be positive, got {options.Timeout}", nameof(options));
        }

        if (options.MaxRetries < 0)
        {
            throw new ArgumentException($"MaxRetries: must be 0 or more, got {options.MaxRetries}", nameof(options));
        }

        _parameters = ChatParameters.Parse(options.Parameters);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.BaseUrl,
            NetworkTimeout = options.Timeout,
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
        };
        ValidateHeaders(options);
        if (options.Headers.Count > 0)
        {
            clientOptions.AddPolicy(new HeaderPolicy(options.Headers), PipelinePosition.PerCall);
        }

        _client = new ChatClient(options.Model, new ApiKeyCredential(options.ApiKey), clientOptions);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Description => Describe(_options);

    /// <summary>What a target with these options calls, for people and for matching stored runs: "MODEL at BASE-URL".</summary>
    public static string Describe(ChatTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"{options.Model} at {options.BaseUrl}";
    }

    public async ValueTask<TargetReply> AnswerAsync(DatasetItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        var messages = new List<ChatMessage>(2);
        try
        {
            if (_options.SystemPrompt(item) is { Length: > 0 } system)
            {
                messages.Add(new SystemChatMessage(system));
            }
        }
        catch (Exception e)
        {
            return TargetReply.Failed($"the system prompt could not be rendered: {RunText.OneLine(e.Message)}");
        }

        messages.Add(new UserChatMessage(item.Input));
        var started = _time.GetTimestamp();
        double Elapsed() => _time.GetElapsedTime(started).TotalMilliseconds;
        ClientResult<ChatCompletion> result;
        try
        {
            result = await _client.CompleteChatAsync(messages, _parameters.ToRequest(), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (ClientResultException e) when (e.Status != 0)
        {
            return TargetReply.Failed(HttpError(e), Elapsed());
        }
        catch (OperationCanceledException)
        {
            return TargetReply.Failed($"no answer from {Description} within {RunText.Number(_options.Timeout.TotalSeconds, "0.###")} s", Elapsed());
        }
        catch (Exception e) when (e is ClientResultException or HttpRequestException)
        {
            return TargetReply.Failed($"{Description} could not be reached: {RunText.OneLine(e.Message)}", Elapsed());
        }
        catch (Exception e)
        {
            return TargetReply.Failed($"the call to {Description} failed: {RunText.OneLine(e.Message)}", Elapsed());
        }

        var latency = Elapsed();
        return Read(result, latency);
    }

    private static TargetReply Read(ClientResult<ChatCompletion> result, double latency)
    {
        if (ReplyProblem(result.GetRawResponse()) is { } problem)
        {
            return TargetReply.Failed(problem, latency);
        }

        ChatCompletion completion;
        string text;
        try
        {
            completion = result.Value;
            text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        }
        catch (Exception e)
        {
            return TargetReply.Failed($"the provider's reply could not be read: {RunText.OneLine(e.Message)}", latency);
        }

        if (text.Length == 0 && !string.IsNullOrEmpty(completion.Refusal))
        {
            // A refusal is an answer: the refusal scorer, for one, judges it.
            text = completion.Refusal;
        }

        if (text.Length == 0)
        {
            return TargetReply.Failed($"the provider's reply has no text (finish reason: {FinishReason(completion)})", latency);
        }

        return new TargetReply(text, null, latency, completion.Usage?.InputTokenCount, completion.Usage?.OutputTokenCount);
    }

    /// <summary>Why a 200 reply holds no answer (not JSON, no choices), or null when it has choices.</summary>
    private static string? ReplyProblem(PipelineResponse response)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Content);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("choices", out var choices)
                && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
                ? null
                : "the provider's reply has no choices";
        }
        catch (JsonException)
        {
            return "the provider's reply is not JSON";
        }
    }

    private static string FinishReason(ChatCompletion completion)
    {
        try
        {
            return completion.FinishReason.ToString();
        }
        catch (Exception)
        {
            return "none";
        }
    }

    /// <summary>"HTTP 429: Rate limit reached …" — the provider's own message when its body carries one.</summary>
    internal static string HttpError(ClientResultException e)
    {
        var response = e.GetRawResponse();
        var message = response is null ? null : ProviderMessage(response.Content);
        var reason = string.IsNullOrWhiteSpace(response?.ReasonPhrase) ? "" : $" ({response.ReasonPhrase})";
        return message is null ? $"HTTP {e.Status}{reason}" : $"HTTP {e.Status}: {RunText.OneLine(message)}";
    }

    private static string? ProviderMessage(BinaryData? content)
    {
        if (content is null || content.ToMemory().Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                // OpenAI: {"error": {"message": …}}; others: {"error": "…"}, {"message": …}, {"detail": …}.
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String)
                    {
                        return error.GetString();
                    }

                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.String)
                    {
                        return inner.GetString();
                    }
                }

                foreach (var key in (ReadOnlySpan<string>)["message", "detail"])
                {
                    if (root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body itself (an HTML error page from a proxy, plain text) is the message.
        }

        var text = content.ToString();
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static void ValidateHeaders(ChatTargetOptions options)
    {
        foreach (var (name, value) in options.Headers)
        {
            if (name.Length == 0 || !name.All(HeaderPolicy.IsTokenChar))
            {
                throw new ArgumentException($"Headers: \"{name}\" is not a valid header name", nameof(options));
            }

            if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("Headers: Authorization is set from ApiKey", nameof(options));
            }

            if (value.Any(c => c is '\r' or '\n' or '\0'))
            {
                throw new ArgumentException($"Headers: the value of {name} contains a line break", nameof(options));
            }
        }
    }

    /// <summary>Adds the configured headers to every request, before the SDK's retry and authentication policies.</summary>
    private sealed class HeaderPolicy(IReadOnlyDictionary<string, string> headers) : PipelinePolicy
    {
        private readonly KeyValuePair<string, string>[] _headers = [.. headers];

        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Apply(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Apply(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Apply(PipelineMessage message)
        {
            foreach (var (name, value) in _headers)
            {
                message.Request.Headers.Set(name, value);
            }
        }

        public static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
    }
}
