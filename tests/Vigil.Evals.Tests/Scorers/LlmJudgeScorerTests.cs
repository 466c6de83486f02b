using static Vigil.Evals.Tests.Cases;

namespace Vigil.Evals.Tests.Scorers;

public sealed class LlmJudgeScorerTests
{
    private const string KeyVariable = "VIGIL_EVALS_TESTS_JUDGE_KEY";
    private const string Rubric = "The answer states the refund period and cites its document.";

    static LlmJudgeScorerTests() => Environment.SetEnvironmentVariable(KeyVariable, "test-key-123");

    private static IScorer Judge(FakeJudge judge, params (string Key, object? Value)[] extra) =>
        ScorerFactory.Create("llm_judge", Options([("baseUrl", judge.BaseUrl), ("model", "judge-mini"), ("apiKeyEnv", KeyVariable), ("rubric", Rubric), .. extra]));

    [Fact]
    public async Task LlmJudge_RubricAndOutput_ReachTheJudgeWithTheKeyFromTheEnvironment()
    {
        await using var judge = await FakeJudge.StartAsync();
        var input = Answer("Refunds take 12 business days. [kb-0001]", expected: "12 business days") with { Input = "How long do refunds take?" };

        await Judge(judge).ScoreAsync(input);

        var request = Assert.Single(judge.Requests);
        Assert.Equal("Bearer test-key-123", request.Authorization);
        Assert.Equal("judge-mini", request.Body.GetProperty("model").GetString());
        Assert.Equal("json_object", request.Body.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Contains("\"score\"", request.Message("system"), StringComparison.Ordinal);
        var user = request.Message("user");
        Assert.Contains(Rubric, user, StringComparison.Ordinal);
        Assert.Contains("Refunds take 12 business days. [kb-0001]", user, StringComparison.Ordinal);
        Assert.Contains("How long do refunds take?", user, StringComparison.Ordinal);
        Assert.Contains("12 business days", user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlmJudge_ScoreAndReason_ComeBackAsTheScore()
    {
        await using var judge = await FakeJudge.StartAsync();
        judge.Reply = """{"score": 0.25, "reason": "The answer gives 14 days where the document says 12."}""";

        var score = await Judge(judge).ScoreAsync(Answer("Refunds take 14 days."));

        Assert.False(score.Passed);
        Assert.Equal(0.25, score.Value);
        Assert.Equal("judge judge-mini scored 0.25 (threshold 0.5): The answer gives 14 days where the document says 12.", score.Explanation);
    }

    [Fact]
    public async Task LlmJudge_ReplyInAFence_PassesAtItsThreshold()
    {
        await using var judge = await FakeJudge.StartAsync();
        judge.Reply = "```json\n{\"score\": 0.7, \"reason\": \"mostly right\"}\n```";

        Assert.True((await Judge(judge).ScoreAsync(Answer("x"))).Passed);
        Assert.False((await Judge(judge, ("threshold", 0.8)).ScoreAsync(Answer("x"))).Passed);
    }

    [Theory]
    [InlineData("I think it's good, 8/10.", "the judge's reply is not JSON")]
    [InlineData("""{"reason": "no score"}""", "the judge's reply has no numeric \"score\"")]
    [InlineData("""{"score": 8, "reason": "out of ten"}""", "the judge's score 8 is outside [0, 1]")]
    [InlineData("[0.5]", "the judge's reply is not a JSON object")]
    public async Task LlmJudge_MalformedReply_IsAFailedScoreSayingSo(string reply, string explanation)
    {
        await using var judge = await FakeJudge.StartAsync();
        judge.Reply = reply;

        var score = await Judge(judge).ScoreAsync(Answer("x"));

        Assert.False(score.Passed);
        Assert.Equal(0, score.Value);
        Assert.StartsWith(explanation, score.Explanation, StringComparison.Ordinal);
        Assert.EndsWith("(expected {\"score\": 0..1, \"reason\": \"…\"})", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlmJudge_HttpError_ThrowsNamingTheStatusAndTheJudge()
    {
        await using var judge = await FakeJudge.StartAsync();
        judge.ErrorStatus = 503;

        var error = await Assert.ThrowsAsync<LlmJudgeException>(() => Judge(judge, ("maxRetries", 0)).ScoreAsync(Answer("x")));

        Assert.Equal(503, error.HttpStatus);
        Assert.Contains("judge-mini at " + judge.BaseUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlmJudge_NoAnswerInTime_ThrowsATimeout()
    {
        await using var judge = await FakeJudge.StartAsync();
        judge.Hang = true;

        var error = await Assert.ThrowsAsync<LlmJudgeException>(() => Judge(judge, ("timeout", "300ms"), ("maxRetries", 0)).ScoreAsync(Answer("x")));

        Assert.Null(error.HttpStatus);
        Assert.Contains("did not answer within 0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlmJudge_Unreachable_ThrowsSayingSo()
    {
        string baseUrl;
        await using (var stopped = await FakeJudge.StartAsync())
        {
            baseUrl = stopped.BaseUrl;
        }

        var scorer = ScorerFactory.Create("llm_judge", Options(("baseUrl", baseUrl), ("model", "m"), ("apiKeyEnv", KeyVariable), ("rubric", "r"), ("maxRetries", 0)));
        var error = await Assert.ThrowsAsync<LlmJudgeException>(() => scorer.ScoreAsync(Answer("x")));
        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LlmJudge_MissingOptions_AreAllNamed()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => Scorer("llm_judge", ("baseUrl", "not a url")));
        Assert.Equal(["baseUrl", "model", "rubric"], error.Problems.Select(p => p.Option).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LlmJudge_ApiKeyEnvUnset_NamesTheVariable()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => Scorer("llm_judge", ("model", "m"), ("rubric", "r"), ("apiKeyEnv", "VIGIL_EVALS_TESTS_UNSET_VARIABLE")));
        var problem = Assert.Single(error.Problems);
        Assert.Equal("apiKeyEnv", problem.Option);
        Assert.Contains("VIGIL_EVALS_TESTS_UNSET_VARIABLE is not set", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LlmJudge_KeyPastedIntoApiKeyEnv_IsRejectedWithoutEchoingIt()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => Scorer("llm_judge", ("model", "m"), ("rubric", "r"), ("apiKeyEnv", "sk-proj-SECRET-value")));
        Assert.Equal("apiKeyEnv", Assert.Single(error.Problems).Option);
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
    }
}
