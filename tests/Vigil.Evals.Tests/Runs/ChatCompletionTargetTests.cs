using Vigil.Testing;
using Vigil.Core.Evals;
using Vigil.Evals.Runs;

namespace Vigil.Evals.Tests.Runs;

public sealed class ChatCompletionTargetTests
{
    private static readonly DatasetItem Item = new() { Id = "q-1", Input = "How long do refunds take?", Expected = "12 business days" };

    private static ChatCompletionTarget Target(FakeProvider provider, Func<ChatTargetOptions, ChatTargetOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new ChatTargetOptions { BaseUrl = provider.BaseUrl, ApiKey = "test-key", Model = "support-mini", MaxRetries = 0 };
        return new ChatCompletionTarget(configure is null ? options : configure(options), time);
    }

    private static async Task<TargetReply> AnswerAsync(ChatCompletionTarget target, DatasetItem? item = null) =>
        await target.AnswerAsync(item ?? Item, CancellationToken.None).AsTask().WaitAsync(Cases.Timeout);

    private static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Fact]
    public async Task ChatTarget_SystemPromptAndInput_ReachTheProvider_AndTheAnswerComesBackWithUsage()
    {
        await using var provider = await FakeProvider.StartAsync();
        var target = Target(provider, o => o with { SystemPrompt = item => $"You answer support questions. Case {item.Id}." });

        var reply = await AnswerAsync(target);

        var request = Assert.Single(provider.Requests);
        Assert.Equal(["system", "user"], request.Roles);
        Assert.Equal("You answer support questions. Case q-1.", request.Message("system"));
        Assert.Equal("How long do refunds take?", request.Message("user"));
        Assert.Equal("support-mini", request.Body.GetProperty("model").GetString());
        Assert.Equal("Bearer test-key", request.Headers["Authorization"]);
        Assert.Equal("answer to: How long do refunds take?", reply.Output);
        Assert.Null(reply.Error);
        Assert.Equal(FakeProvider.PromptTokens, reply.InputTokens);
        Assert.Equal(FakeProvider.CompletionTokens, reply.OutputTokens);
        Assert.NotNull(reply.LatencyMs);
        Assert.Equal($"support-mini at {provider.BaseUrl}", target.Description);
    }

    [Fact]
    public async Task ChatTarget_NullSystemPrompt_SendsOnlyTheUserMessage()
    {
        await using var provider = await FakeProvider.StartAsync();

        await AnswerAsync(Target(provider));

        Assert.Equal(["user"], Assert.Single(provider.Requests).Roles);
    }

    [Fact]
    public async Task ChatTarget_Parameters_ReachTheProviderUnderTheirWireNames()
    {
        await using var provider = await FakeProvider.StartAsync();
        var parameters = Map(("temperature", "0.25"), ("top_p", "0.9"), ("max_tokens", "64"), ("seed", "42"), ("presence_penalty", "-0.5"));

        await AnswerAsync(Target(provider, o => o with { Parameters = parameters }));

        var body = Assert.Single(provider.Requests).Body;
        Assert.Equal(0.25, body.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), 6);
        Assert.Equal(64, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(42, body.GetProperty("seed").GetInt64());
        Assert.Equal(-0.5, body.GetProperty("presence_penalty").GetDouble());
        Assert.False(body.TryGetProperty("max_completion_tokens", out _));
    }

    [Fact]
    public async Task ChatTarget_MaxOutputTokens_IsSentAsMaxCompletionTokens()
    {
        await using var provider = await FakeProvider.StartAsync();

        await AnswerAsync(Target(provider, o => o with { Parameters = Map(("max_output_tokens", "128")) }));

        var body = Assert.Single(provider.Requests).Body;
        Assert.Equal(128, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_tokens", out _));
    }

    [Fact]
    public async Task ChatTarget_Headers_ReachTheProvider()
    {
        await using var provider = await FakeProvider.StartAsync();
        var headers = Map(("x-vigil-feature", "support-chat"), ("x-vigil-release", "r3"));

        await AnswerAsync(Target(provider, o => o with { Headers = headers }));

        var request = Assert.Single(provider.Requests);
        Assert.Equal("support-chat", request.Headers["x-vigil-feature"]);
        Assert.Equal("r3", request.Headers["x-vigil-release"]);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    public async Task ChatTarget_HttpError_IsAnItemErrorWithTheStatusAndTheProvidersMessage(int status)
    {
        await using var provider = await FakeProvider.StartAsync();
        provider.ErrorStatus = status;

        var reply = await AnswerAsync(Target(provider));

        Assert.Null(reply.Output);
        Assert.Equal($"HTTP {status}: the model is overloaded", reply.Error);
        Assert.Single(provider.Requests);
    }

    [Fact]
    public async Task ChatTarget_TooManyRequestsThenAnswer_IsRetriedUpToMaxRetries()
    {
        await using var provider = await FakeProvider.StartAsync();
        (provider.ErrorStatus, provider.ErrorTimes, provider.RetryAfter) = (429, 1, "0");

        var reply = await AnswerAsync(Target(provider, o => o with { MaxRetries = 1 }));

        Assert.Null(reply.Error);
        Assert.Equal("answer to: How long do refunds take?", reply.Output);
        Assert.Equal(2, provider.Requests.Count);
    }

    [Fact]
    public async Task ChatTarget_ReplyWithoutChoices_IsAnItemError()
    {
        await using var provider = await FakeProvider.StartAsync();
        provider.NoChoices = true;

        var reply = await AnswerAsync(Target(provider));

        Assert.Equal("the provider's reply has no choices", reply.Error);
        Assert.Null(reply.Output);
    }

    [Fact]
    public async Task ChatTarget_EmptyMessage_IsAnItemError()
    {
        await using var provider = await FakeProvider.StartAsync();
        provider.Reply = _ => "";

        var reply = await AnswerAsync(Target(provider));

        Assert.Equal("the provider's reply has no text (finish reason: Stop)", reply.Error);
    }

    [Fact]
    public async Task ChatTarget_UnreachableEndpoint_IsAnItemErrorNamingIt()
    {
        Uri closed;
        await using (var provider = await FakeProvider.StartAsync())
        {
            closed = provider.BaseUrl;
        }

        var target = new ChatCompletionTarget(new ChatTargetOptions { BaseUrl = closed, ApiKey = "k", Model = "m", MaxRetries = 0 });
        var reply = await AnswerAsync(target);

        Assert.StartsWith($"m at {closed} could not be reached: ", reply.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatTarget_NoAnswerWithinTheTimeout_IsAnItemErrorNamingTheTimeout()
    {
        await using var provider = await FakeProvider.StartAsync();
        provider.Hang = true;

        var reply = await AnswerAsync(Target(provider, o => o with { Timeout = TimeSpan.FromMilliseconds(200) }));

        Assert.Equal($"no answer from support-mini at {provider.BaseUrl} within 0.2 s", reply.Error);
    }

    [Fact]
    public async Task ChatTarget_Cancelled_Throws()
    {
        await using var provider = await FakeProvider.StartAsync();
        provider.Hang = true;
        using var cts = new CancellationTokenSource();

        var answer = Target(provider).AnswerAsync(Item, cts.Token).AsTask();
        await provider.FirstRequest.Task.WaitAsync(Cases.Timeout);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answer.WaitAsync(Cases.Timeout));
    }

    [Fact]
    public async Task ChatTarget_Latency_IsMeasuredWithTheTimeProvider()
    {
        await using var provider = await FakeProvider.StartAsync();
        var time = new SteppingTimeProvider(TimeSpan.FromMilliseconds(250));

        var reply = await AnswerAsync(Target(provider, time: time));

        Assert.Equal(250, reply.LatencyMs);
    }

    [Fact]
    public async Task ChatTarget_FailingSystemPrompt_IsAnItemError()
    {
        await using var provider = await FakeProvider.StartAsync();

        var reply = await AnswerAsync(Target(provider, o => o with { SystemPrompt = _ => throw new InvalidOperationException("no variable 'tone'") }));

        Assert.Equal("the system prompt could not be rendered: no variable 'tone'", reply.Error);
        Assert.Empty(provider.Requests);
    }

    [Theory]
    [InlineData("temprature", "0.2", "parameter temprature: unknown (known: frequency_penalty, max_output_tokens, max_tokens, presence_penalty, seed, temperature, top_p)")]
    [InlineData("temperature", "0,7", "parameter temperature: expected a number such as 0.7, got \"0,7\"")]
    [InlineData("temperature", "3", "parameter temperature: must lie in [0, 2], got 3")]
    [InlineData("top_p", "1.5", "parameter top_p: must lie in [0, 1], got 1.5")]
    [InlineData("max_tokens", "1.5", "parameter max_tokens: expected a whole number, got \"1.5\"")]
    [InlineData("max_tokens", "0", "parameter max_tokens: must lie in [1, 2147483647], got 0")]
    [InlineData("seed", "abc", "parameter seed: expected a whole number, got \"abc\"")]
    public void ChatTarget_UnknownOrMalformedParameter_IsAnArgumentExceptionNamingIt(string name, string value, string message)
    {
        var options = new ChatTargetOptions { BaseUrl = new Uri("http://127.0.0.1:9/v1"), ApiKey = "k", Model = "m", Parameters = Map((name, value)) };

        var e = Assert.ThrowsAny<ArgumentException>(() => new ChatCompletionTarget(options));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad header", "Headers: \"bad header\" is not a valid header name")]
    [InlineData("Authorization", "Headers: Authorization is set from ApiKey")]
    public void ChatTarget_MalformedHeader_IsAnArgumentException(string name, string message)
    {
        var options = new ChatTargetOptions { BaseUrl = new Uri("http://127.0.0.1:9/v1"), ApiKey = "k", Model = "m", Headers = Map((name, "v")) };

        Assert.StartsWith(message, Assert.ThrowsAny<ArgumentException>(() => new ChatCompletionTarget(options)).Message, StringComparison.Ordinal);
    }

    /// <summary>Each timestamp is <c>step</c> later than the one before.</summary>
    private sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
    }
}
