using System.Text.Json;
using Json.Schema;
using Vigil.Evals.Internal;

namespace Vigil.Evals.Scorers;

/// <summary>
/// <c>json_schema</c>: the output parses as JSON (bare or in a <c>```json</c> fence) and validates
/// against the JSON Schema of option <c>schema</c> (inline JSON or a file path; draft 2020-12 unless
/// the schema says otherwise), with JsonSchema.Net. Score 1 or 0 (JSON correctness); the explanation
/// names the first <c>maxErrors</c> (default 3) validation errors with their instance paths.
/// </summary>
internal sealed class JsonSchemaScorer(JsonSchema schema, string source, int maxErrors) : IScorer
{
    public const string ScorerName = "json_schema";

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    public string Name => ScorerName;

    public static JsonSchemaScorer? Create(OptionReader options)
    {
        var maxErrors = (int)options.Number("maxErrors", 3, 1, 100);
        var raw = options.Raw("schema");
        var (text, source) = SchemaText(options, raw);
        if (text is null)
        {
            return null;
        }

        try
        {
            // Each scorer builds into a registry of its own: the global one would keep every schema
            // ever built, and two schemas with the same $id would clash.
            var build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            return new JsonSchemaScorer(JsonSchema.FromText(text, build), source, maxErrors);
        }
        catch (Exception e)
        {
            options.Problem("schema", $"{source} is not a usable JSON Schema: {e.Message}");
            return null;
        }
    }

    public ValueTask<Score> ScoreAsync(ScoringInput input, CancellationToken cancellationToken)
    {
        var json = JsonFence.Unwrap(input.Output);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return ValueTask.FromResult(Score.Fail(0, $"output is not JSON ({e.Message}): {TextNormalizer.Quote(json, 40)}"));
        }

        using (document)
        {
            var results = schema.Evaluate(document.RootElement, Evaluation);
            if (results.IsValid)
            {
                return ValueTask.FromResult(Score.Pass(1, $"output is JSON valid against {source}"));
            }

            // One error per instance path, deepest first: anyOf and oneOf report every failed branch at
            // the same path, and the first of them says enough to find the spot.
            var errors = Errors(results).ToList();
            var byPath = errors.GroupBy(e => e.Path, StringComparer.Ordinal).Select(g => $"{Path(g.Key)}: {g.First().Message}").ToList();
            var shown = string.Join("; ", byPath.Take(maxErrors));
            var hidden = errors.Count - Math.Min(maxErrors, byPath.Count);
            var more = hidden > 0 ? $" (+{hidden} more)" : "";
            return ValueTask.FromResult(Score.Fail(0, $"output does not match {source}: {shown}{more}"));
        }
    }

    /// <summary>Every error as (instance path, message), the deepest paths first.</summary>
    private static IEnumerable<(string Path, string Message)> Errors(EvaluationResults results)
    {
        var nodes = new List<EvaluationResults> { results };
        if (results.Details is { } details)
        {
            nodes.AddRange(details);
        }

        return nodes
            .Where(n => n.Errors is { Count: > 0 })
            .Select(n => (Path: n.InstanceLocation.ToString(), n.Errors))
            .OrderByDescending(n => n.Path.Count(c => c == '/'))
            .SelectMany(n => n.Errors!.Select(e => (n.Path, e.Value)))
            .Distinct();
    }

    private static string Path(string pointer) => pointer.Length == 0 ? "(root)" : pointer;

    private static (string? Text, string Source) SchemaText(OptionReader options, object? raw)
    {
        switch (raw)
        {
            case null:
                options.Problem("schema", "required: a JSON Schema, inline or as a file path");
                return (null, "");
            case JsonElement { ValueKind: JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False } element:
                return (element.GetRawText(), "the inline schema");
            case System.Text.Json.Nodes.JsonObject node:
                return (node.ToJsonString(), "the inline schema");
            case string or JsonElement { ValueKind: JsonValueKind.String }:
                break;
            default:
                options.Problem("schema", $"expected inline JSON or a file path, got {OptionReader.Describe(raw)}");
                return (null, "");
        }

        var text = raw is string s ? s : ((JsonElement)raw).GetString()!;
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{') || trimmed is "true" or "false")
        {
            return (trimmed, "the inline schema");
        }

        if (!File.Exists(trimmed))
        {
            options.Problem("schema", $"neither inline JSON (it does not start with '{{') nor an existing file: \"{trimmed}\"");
            return (null, "");
        }

        try
        {
            return (File.ReadAllText(trimmed), $"schema {System.IO.Path.GetFileName(trimmed)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            options.Problem("schema", $"cannot read {trimmed}: {e.Message}");
            return (null, "");
        }
    }
}
