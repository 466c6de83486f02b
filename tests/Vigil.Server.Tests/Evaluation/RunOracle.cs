using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vigil.Testing;

namespace Vigil.Server.Tests.Evaluation;

/// <summary>
/// Datasets of numbered questions ("question q3" → "answer q3") and a fake model that answers each one right
/// or wrong by its model name alone, so that a run's quality and noise are chosen by the test: the
/// same (model, item) always gets the same answer.
/// </summary>
internal static class RunOracle
{
    public const string Wrong = "no idea";

    /// <summary>Items <c>{prefix}{first}</c>…: input, expected answer, two context documents and a <c>product</c> for the prompt.</summary>
    public static string Dataset(string prefix, int count, int first = 1) => string.Concat(Enumerable.Range(first, count).Select(i =>
    {
        var id = prefix + i.ToString(CultureInfo.InvariantCulture);
        return JsonSerializer.Serialize(new
        {
            id,
            input = "question " + id,
            expected = "answer " + id,
            context = new[] { new { id = "kb-" + id, text = $"Fact about {id}." }, new { id = "kb-extra", text = "Shared fact." } },
            metadata = new { product = "Acme" },
        }) + "\n";
    }));

    /// <summary>
    /// gpt-good (and gpt-good-too, gpt-override): every item right; gpt-mostly: all but q5; gpt-bad: wrong on
    /// q1–q3; noisy-worse: right when a hash of (model, input) falls in the lower half; any other model
    /// (noisy-a, noisy-f): right for about 80 % of the items, a different 80 % per model.
    /// </summary>
    public static string Answer(JsonElement body)
    {
        var model = body.GetProperty("model").GetString()!;
        var input = FakeProvider.Message(body, "user");
        var id = input["question ".Length..];
        var right = "answer " + id;
        return model switch
        {
            "gpt-good" or "gpt-good-too" or "gpt-override" => right,
            "gpt-mostly" => id == "q5" ? Wrong : right,
            "gpt-bad" => id is "q1" or "q2" or "q3" ? Wrong : right,
            "noisy-worse" => Draw(model, input) < 128 ? right : Wrong,
            _ => Draw(model, input) < 205 ? right : Wrong,
        };
    }

    private static byte Draw(string model, string input) => SHA256.HashData(Encoding.UTF8.GetBytes(model + "|" + input))[0];
}
