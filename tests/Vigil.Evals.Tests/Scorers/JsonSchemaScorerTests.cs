using System.Text.Json;
using Vigil.Testing;
using static Vigil.Evals.Tests.Cases;

namespace Vigil.Evals.Tests.Scorers;

public sealed class JsonSchemaScorerTests
{
    private const string Invoice = """
        {
          "type": "object",
          "required": ["invoice_number", "total", "currency"],
          "properties": {
            "invoice_number": { "type": "string" },
            "total": { "type": "number", "minimum": 0 },
            "currency": { "type": "string", "pattern": "^[A-Z]{3}$" },
            "line_items": { "type": "array", "items": { "type": "object", "required": ["quantity"], "properties": { "quantity": { "type": "integer" } } } }
          }
        }
        """;

    [Fact]
    public async Task JsonSchema_ValidOutput_ScoresOne()
    {
        var score = await ScoreAsync("json_schema", Answer("""{"invoice_number": "INV-1", "total": 12.5, "currency": "EUR"}"""), ("schema", Invoice));
        Assert.True(score.Passed);
        Assert.Equal(1, score.Value);
        Assert.Equal("output is JSON valid against the inline schema", score.Explanation);
    }

    [Fact]
    public async Task JsonSchema_OutputInAJsonFence_IsUnwrapped()
    {
        var output = "```json\n{\"invoice_number\": \"INV-1\", \"total\": 3, \"currency\": \"USD\"}\n```";
        Assert.True((await ScoreAsync("json_schema", Answer(output), ("schema", Invoice))).Passed);
    }

    [Fact]
    public async Task JsonSchema_InvalidOutput_ListsErrorsWithInstancePaths()
    {
        var output = """{"invoice_number": 7, "total": -1, "currency": "euro", "line_items": [{"quantity": 1.5}]}""";
        var score = await ScoreAsync("json_schema", Answer(output), ("schema", Invoice), ("maxErrors", 2));
        Assert.False(score.Passed);
        Assert.Equal(0, score.Value);
        Assert.StartsWith("output does not match the inline schema: /line_items/0/quantity: ", score.Explanation, StringComparison.Ordinal);
        Assert.EndsWith("(+2 more)", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonSchema_MissingProperty_IsReportedAtTheRoot()
    {
        var score = await ScoreAsync("json_schema", Answer("""{"invoice_number": "INV-1", "total": 1}"""), ("schema", Invoice));
        Assert.False(score.Passed);
        Assert.Contains("(root): ", score.Explanation, StringComparison.Ordinal);
        Assert.Contains("currency", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonSchema_OutputNotJson_FailsQuotingIt()
    {
        var score = await ScoreAsync("json_schema", Answer("Sure! The total is 12 EUR."), ("schema", Invoice));
        Assert.False(score.Passed);
        Assert.StartsWith("output is not JSON (", score.Explanation, StringComparison.Ordinal);
        Assert.EndsWith("\"Sure! The total is 12 EUR.\"", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonSchema_SchemaAsJsonObjectFromConfig_IsAccepted()
    {
        using var schema = JsonDocument.Parse(Invoice);
        var score = await ScoreAsync("json_schema", Answer("""{"invoice_number": "A", "total": 0, "currency": "GBP"}"""), ("schema", schema.RootElement.Clone()));
        Assert.True(score.Passed);
    }

    [Fact]
    public void JsonSchema_MissingFileOrBadSchema_IsAConfigurationErrorNamingSchema()
    {
        var missing = Assert.Throws<ScorerOptionsException>(() => Scorer("json_schema", ("schema", "schemas/nowhere.json")));
        Assert.Equal("schema", Assert.Single(missing.Problems).Option);
        Assert.Contains("nowhere.json", missing.Message, StringComparison.Ordinal);

        var broken = Assert.Throws<ScorerOptionsException>(() => Scorer("json_schema", ("schema", "{\"type\": ")));
        Assert.Equal("schema", Assert.Single(broken.Problems).Option);

        var absent = Assert.Throws<ScorerOptionsException>(() => ScorerFactory.Create("json_schema"));
        Assert.Equal("schema", Assert.Single(absent.Problems).Option);
    }

    [Fact]
    public void JsonSchema_SchemaWithAnUnknownType_IsAConfigurationError()
    {
        var error = Assert.Throws<ScorerOptionsException>(() => Scorer("json_schema", ("schema", """{"type": "strin"}""")));
        Assert.Equal("schema", Assert.Single(error.Problems).Option);
        Assert.Contains("not a usable JSON Schema", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonSchema_ConcurrentScores_GiveTheSameVerdicts()
    {
        var scorer = Scorer("json_schema", ("schema", Invoice));
        var valid = Answer("""{"invoice_number": "INV-1", "total": 1, "currency": "EUR"}""");
        var invalid = Answer("""{"invoice_number": "INV-1", "total": -1, "currency": "EUR"}""");

        var scores = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => scorer.ScoreAsync(i % 2 == 0 ? valid : invalid))));

        Assert.All(scores.Where((_, i) => i % 2 == 0), s => Assert.True(s.Passed));
        Assert.All(scores.Where((_, i) => i % 2 == 1), s => Assert.Equal("output does not match the inline schema: /total: -1 should be at least 0", s.Explanation));
    }

    [SharedDataFact]
    public async Task JsonSchema_GenAiOutputMessages_ValidMessagePassesInvalidFails()
    {
        var scorer = Scorer("json_schema", ("schema", SharedData.PathOf("semconv-genai/docs/gen-ai/gen-ai-output-messages.json")));
        const string valid = """[{"role": "assistant", "parts": [{"type": "text", "content": "Refunds take 12 days. [kb-0001]"}], "finish_reason": "stop"}]""";
        const string invalid = """[{"role": "assistant", "parts": [{"content": "no type"}]}]""";

        var good = await scorer.ScoreAsync(Answer(valid));
        var bad = await scorer.ScoreAsync(Answer(invalid));

        Assert.True(good.Passed, good.Explanation);
        Assert.Equal("output is JSON valid against schema gen-ai-output-messages.json", good.Explanation);
        Assert.False(bad.Passed);
        Assert.StartsWith("output does not match schema gen-ai-output-messages.json: /0/parts/0: Required properties [\"type\"] are not present; /0: ", bad.Explanation, StringComparison.Ordinal);
        Assert.Contains("finish_reason", bad.Explanation, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task JsonSchema_GenAiInputMessages_ToolCallPassesWrongRoleTypeFails()
    {
        var scorer = Scorer("json_schema", ("schema", SharedData.PathOf("semconv-genai/docs/gen-ai/gen-ai-input-messages.json")));
        const string valid = """[{"role": "user", "parts": [{"type": "text", "content": "Weather in Paris?"}]}, {"role": "assistant", "parts": [{"type": "tool_call", "id": "call_1", "name": "get_weather", "arguments": {"city": "Paris"}}]}]""";
        const string invalid = """[{"role": 42, "parts": "hello"}]""";

        Assert.True((await scorer.ScoreAsync(Answer(valid))).Passed);
        var bad = await scorer.ScoreAsync(Answer(invalid));
        Assert.False(bad.Passed);
        Assert.Contains("/0/parts: ", bad.Explanation, StringComparison.Ordinal);
        Assert.Contains("/0/role: ", bad.Explanation, StringComparison.Ordinal);
    }
}
