using System.Text.Json;

namespace Vigil.Evals.Internal;

/// <summary>
/// What the judge is asked to say and how its reply is read: one JSON object
/// <c>{"score": 0..1, "reason": "…"}</c>, bare or in a code fence. Anything else is malformed.
/// </summary>
internal static class JudgeReply
{
    public const string Instructions =
        "You grade the output of an AI application against a rubric. Judge only what the rubric asks. " +
        "Reply with one JSON object and nothing else: {\"score\": <a number from 0 to 1>, \"reason\": \"<one sentence naming what the output got right or wrong>\"}. " +
        "1 means the output fully satisfies the rubric, 0 that it does not satisfy it at all.";

    public static string Request(string rubric, ScoringInput input)
    {
        var expected = input.Expected is null ? "" : $"<expected_output>\n{input.Expected}\n</expected_output>\n\n";
        return $"<rubric>\n{rubric}\n</rubric>\n\n<input>\n{input.Input}\n</input>\n\n{expected}<output>\n{input.Output}\n</output>";
    }

    /// <summary>The judge's score and reason, or the reason its reply cannot be used.</summary>
    public static (double Score, string Reason)? TryParse(string? reply, out string problem)
    {
        problem = "";
        if (string.IsNullOrWhiteSpace(reply))
        {
            problem = "the judge's reply was empty";
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(JsonFence.Unwrap(reply));
        }
        catch (JsonException)
        {
            problem = $"the judge's reply is not JSON: {TextNormalizer.Quote(reply, 80)}";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = $"the judge's reply is not a JSON object: {TextNormalizer.Quote(reply, 80)}";
                return null;
            }

            if (!root.TryGetProperty("score", out var score) || score.ValueKind != JsonValueKind.Number)
            {
                problem = $"the judge's reply has no numeric \"score\": {TextNormalizer.Quote(reply, 80)}";
                return null;
            }

            var value = score.GetDouble();
            if (value is < 0 or > 1 || !double.IsFinite(value))
            {
                problem = $"the judge's score {TextNormalizer.Number(value, "0.###")} is outside [0, 1]";
                return null;
            }

            var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(r.GetString())
                ? r.GetString()!.Trim()
                : "the judge gave no reason";
            return (value, reason);
        }
    }
}
