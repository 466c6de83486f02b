using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Cli.Backends;
using Vigil.Server.Releases;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Cli.Commands;

/// <summary>
/// What <c>vigil release create</c> sends: a release file (YAML or JSON, the API's body) with the
/// flags laid over it, field by field.
/// </summary>
internal static class ReleaseInput
{
    /// <summary>The routing version given to a release whose routing is not stated: all traffic to the model axis's model.</summary>
    public const string DirectRouting = "direct";

    /// <summary>A release file as the request it describes; YAML unless the name ends in .json.</summary>
    public static CreateReleaseRequest Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--file: cannot read {path}: {ex.Message}");
        }

        try
        {
            var json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? text : YamlToJson(text);
            return JsonSerializer.Deserialize<CreateReleaseRequest>(json, ReleaseRequests.JsonOptions)
                ?? throw new CliException($"--file: {path} is empty");
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } at ? at[2..] + ": " : "";
            throw new CliException($"--file: {path}: {field}{ex.Message.Split(" Path: ", 2)[0]}");
        }
        catch (YamlException ex)
        {
            throw new CliException($"--file: {path} is not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}): {ex.InnerException?.Message ?? ex.Message}");
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"--file: {path}: {ex.Message}");
        }
    }

    /// <summary>The flags laid over the file's request (or an empty one); routing defaults to <see cref="DirectRouting"/>.</summary>
    public static CreateReleaseRequest Apply(CreateReleaseRequest? file, ReleaseFlags flags)
    {
        var request = file ?? new CreateReleaseRequest(null, null, null, null, null);
        var model = request.Model;
        if (flags.Provider is not null || flags.Model is not null || flags.Parameters.Count > 0)
        {
            var parameters = new Dictionary<string, JsonElement>(model?.Parameters ?? new Dictionary<string, JsonElement>(), StringComparer.Ordinal);
            foreach (var parameter in flags.Parameters)
            {
                var (name, value) = Split(parameter, '=', "--param", "NAME=VALUE");
                parameters[name] = JsonSerializer.SerializeToElement(value);
            }

            model = new ModelInput(flags.Provider ?? model?.Provider, flags.Model ?? model?.Model, parameters);
        }

        var prompt = request.Prompt;
        if (flags.PromptVersion is not null || flags.PromptFile is not null)
        {
            prompt = new PromptInput(flags.PromptVersion ?? prompt?.Version, flags.PromptFile is { } file1 ? ReadTemplate(file1) : prompt?.Template);
        }

        var index = request.Index;
        if (flags.Index is not null)
        {
            var (name, version) = Split(flags.Index, '@', "--index", "NAME@VERSION");
            index = new IndexInput(name, version);
        }

        var routing = request.Routing;
        if (flags.RoutingVersion is not null || flags.Primaries.Count > 0 || flags.Fallbacks.Count > 0)
        {
            routing = new RoutingInput(
                flags.RoutingVersion ?? routing?.Version,
                flags.Primaries.Count > 0 ? [.. flags.Primaries.Select(p => Route(p, "--primary"))] : routing?.Primaries,
                flags.Fallbacks.Count > 0 ? [.. flags.Fallbacks.Select(p => Route(p, "--fallback"))] : routing?.Fallbacks);
        }
        else if (routing is null && model is { Provider: { } provider, Model: { } name1 })
        {
            routing = new RoutingInput(DirectRouting, [new RouteInput(provider, name1)], []);
        }

        return request with
        {
            Description = flags.Description ?? request.Description,
            Model = model,
            Prompt = prompt,
            Index = index,
            Routing = routing,
            Activate = flags.Activate || request.Activate,
            Reason = flags.Reason ?? request.Reason,
        };
    }

    /// <summary>"provider/model" or "provider/model=weight".</summary>
    private static RouteInput Route(string text, string option)
    {
        var (target, weightText) = text.Contains('=', StringComparison.Ordinal) ? Split(text, '=', option, "PROVIDER/MODEL[=WEIGHT]") : (text, null);
        var (provider, model) = Split(target, '/', option, "PROVIDER/MODEL[=WEIGHT]");
        double? weight = null;
        if (weightText is not null)
        {
            weight = double.TryParse(weightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
                ? w
                : throw new CliException($"{option}: '{text}': the weight '{weightText}' is not a number");
        }

        return new RouteInput(provider, model, weight);
    }

    private static (string, string) Split(string text, char separator, string option, string form)
    {
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        return at > 0 && at < text.Length - 1 ? (text[..at], text[(at + 1)..]) : throw new CliException($"{option}: '{text}' is not {form}");
    }

    private static string ReadTemplate(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--prompt-file: cannot read {path}: {ex.Message}");
        }
    }

    /// <summary>
    /// YAML to JSON: plain scalars that read as JSON numbers, booleans or null become those (numbers
    /// keep their text: version 1.10 stays 1.10), everything else is text.
    /// </summary>
    private static string YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        return stream.Documents.Count == 0 ? "null" : ToJson(stream.Documents[0].RootNode)?.ToJsonString() ?? "null";
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(p.Key is YamlScalarNode key ? key.Value ?? "" : p.Key.ToString(), ToJson(p.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text.StartsWith('t') || text.StartsWith('T'));
        }

        try
        {
            if (JsonNode.Parse(text) is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
            {
                return value;
            }
        }
        catch (JsonException)
        {
        }

        return JsonValue.Create(text);
    }
}

/// <summary>The flags of <c>vigil release create</c>; null or empty: not given.</summary>
internal sealed record ReleaseFlags(
    string? Description, string? Provider, string? Model, IReadOnlyList<string> Parameters, string? PromptVersion, string? PromptFile,
    string? Index, string? RoutingVersion, IReadOnlyList<string> Primaries, IReadOnlyList<string> Fallbacks, bool Activate, string? Reason);
