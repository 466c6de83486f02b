using Vigil.Core;
using System.Text.Json;
using Vigil.Core.Releases;
using Vigil.Server.Api;

namespace Vigil.Server.Releases;

/// <summary>Requests to Core's values: every problem as "field: message", the way <see cref="ReleaseSpec.Validate"/> words them.</summary>
public static class ReleaseRequests
{
    public const int MaxReasonLength = 1000;

    /// <summary>How request bodies and release files are read: the API's conventions, and text fields that also take unquoted numbers.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(ApiJson.Options) { Converters = { new TextJsonConverter() } };

    /// <summary>The spec a create request describes, or every problem with it (fields as in the request body).</summary>
    public static Outcome<ReleaseSpec> ToSpec(string feature, CreateReleaseRequest request)
    {
        var errors = new List<string>();
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Model?.Parameters ?? new Dictionary<string, JsonElement>())
        {
            if (Text(value) is { } text)
            {
                parameters[name] = text;
            }
            else
            {
                errors.Add($"model.parameters.{name}: must be text, a number or a boolean");
            }
        }

        var spec = new ReleaseSpec
        {
            Feature = feature,
            Description = request.Description,
            Model = new ModelAxis(request.Model?.Provider ?? "", request.Model?.Model ?? "", parameters),
            Prompt = new PromptAxis(request.Prompt?.Version ?? "", request.Prompt?.Template ?? ""),
            Index = request.Index is { } index ? new IndexAxis(index.Name ?? "", index.Version ?? "") : null,
            Routing = new RoutingAxis(request.Routing?.Version ?? "", Targets(request.Routing?.Primaries), Targets(request.Routing?.Fallbacks)),
        };
        errors.AddRange(spec.Validate());
        if (request.Description is { Length: > MaxReasonLength })
        {
            errors.Add($"description: longer than {MaxReasonLength} characters");
        }

        if (spec.Prompt.Template is { Length: > 0 and <= ReleaseSpec.MaxTemplateLength } template && PromptTemplates.Check(template) is { } problem)
        {
            errors.Add($"prompt.template: not a usable Handlebars template: {problem}");
        }

        Reason(errors, request.Reason, request.Activate ? "to activate the release (it goes into the audit log)" : null);
        return errors.Count > 0 ? new Refusal(RefusalKind.Invalid, errors) : Outcome<ReleaseSpec>.Ok(spec);
    }

    /// <summary>The axes a rollback names: all four when none are named.</summary>
    public static IReadOnlyList<ReleaseAxis> Axes(IReadOnlyList<string>? names, List<string> errors)
    {
        var axes = new List<ReleaseAxis>();
        foreach (var name in names ?? [])
        {
            var known = Enum.GetValues<ReleaseAxis>().Where(a => a.ToString().Equals(name?.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (known.Count == 1)
            {
                axes.Add(known[0]);
            }
            else
            {
                errors.Add($"axes: '{name}' is not one of model, prompt, index, routing");
            }
        }

        return axes;
    }

    /// <summary>Reports a missing (when <paramref name="requiredFor"/> says why it is needed) or overlong reason.</summary>
    public static void Reason(List<string> errors, string? reason, string? requiredFor)
    {
        if (requiredFor is not null && string.IsNullOrWhiteSpace(reason))
        {
            errors.Add($"reason: required {requiredFor}");
        }
        else if (reason is { Length: > MaxReasonLength })
        {
            errors.Add($"reason: longer than {MaxReasonLength} characters");
        }
    }

    /// <summary>Template variables from JSON: text, numbers, booleans, null, lists and maps.</summary>
    public static IReadOnlyDictionary<string, object?> Variables(IReadOnlyDictionary<string, JsonElement>? variables) =>
        (variables ?? new Dictionary<string, JsonElement>()).ToDictionary(p => p.Key, p => Value(p.Value), StringComparer.Ordinal);

    private static List<RouteTarget> Targets(IReadOnlyList<RouteInput>? routes) =>
        [.. (routes ?? []).Select(r => new RouteTarget(r?.Provider ?? "", r?.Model ?? "", r?.Weight ?? 1))];

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static object? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var integer) ? integer
            : value.TryGetDecimal(out var number) ? number : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => value.EnumerateArray().Select(Value).ToList(),
        _ => null,
    };
}
