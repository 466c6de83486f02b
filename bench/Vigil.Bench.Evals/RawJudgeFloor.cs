using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Evals;

namespace Vigil.Bench.Evals;

/// <summary>
/// The floor under <c>llm_judge</c>: the same kind of chat-completions request (system instructions,
/// a user message with rubric, input and output in tags, temperature 0, JSON mode) posted to the same
/// fake judge with a bare <see cref="HttpClient"/>, the reply's message parsed as JSON. What is left of
/// llm_judge's cost above this is the OpenAI SDK and the scorer.
/// </summary>
internal sealed class RawJudgeFloor(Uri baseUrl, string rubric) : IScorer, IDisposable
{
    private const string Instructions =
        "You grade the output of an AI application against a rubric. Judge only what the rubric asks. " +
        "Reply with one JSON object and nothing else: {\"score\": <a number from 0 to 1>, \"reason\": \"<one sentence naming what the output got right or wrong>\"}. " +
        "1 means the output fully satisfies the rubric, 0 that it does not satisfy it at all.";

    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl.ToString().TrimEnd('/') + "/") };

    public string Name => "llm_judge floor: bare HttpClient";

    public async ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken)
    {
        var request = new
        {
            model = "judge-bench",
            messages = new object[]
            {
                new { role = "system", content = Instructions },
                new { role = "user", content = $"<rubric>\n{rubric}\n</rubric>\n\n<input>\n{input.Input}\n</input>\n\n<output>\n{input.Output}\n</output>" },
            },
            temperature = 0,
            response_format = new { type = "json_object" },
        };
        using var response = await _http.PostAsJsonAsync("chat/completions", request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reply = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var content = reply.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString() ?? "{}";
        using var verdict = JsonDocument.Parse(content);
        var score = verdict.RootElement.GetProperty("score").GetDouble();
        return Score.AgainstThreshold(score, 0.5, "raw judge");
    }

    public void Dispose() => _http.Dispose();
}
