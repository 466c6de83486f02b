namespace Vigil.Core.Releases;

/// <summary>What a new release is made of, before the registry numbers it.</summary>
public sealed record ReleaseSpec
{
    public const int MaxTemplateLength = 64 * 1024;

    public required string Feature { get; init; }
    public string? Description { get; init; }
    public required ModelAxis Model { get; init; }
    public required PromptAxis Prompt { get; init; }
    public IndexAxis? Index { get; init; }
    public required RoutingAxis Routing { get; init; }

    /// <summary>Every problem, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!FeatureNames.IsValid(Feature))
        {
            errors.Add("feature: " + FeatureNames.Problem(Feature));
        }

        Required(errors, "model.provider", Model.Provider);
        Required(errors, "model.model", Model.Model);
        Required(errors, "prompt.version", Prompt.Version);
        if (string.IsNullOrWhiteSpace(Prompt.Template))
        {
            errors.Add("prompt.template: required");
        }
        else if (Prompt.Template.Length > MaxTemplateLength)
        {
            errors.Add($"prompt.template: {Prompt.Template.Length} characters, more than {MaxTemplateLength}");
        }

        if (Index is { } index)
        {
            Required(errors, "index.name", index.Name);
            Required(errors, "index.version", index.Version);
        }

        Required(errors, "routing.version", Routing.Version);
        if (Routing.Primaries.Count == 0)
        {
            errors.Add("routing.primaries: at least one provider and model");
        }

        foreach (var (target, i) in Routing.Primaries.Select((t, i) => (t, i)))
        {
            Target(errors, $"routing.primaries[{i}]", target);
        }

        foreach (var (target, i) in Routing.Fallbacks.Select((t, i) => (t, i)))
        {
            Target(errors, $"routing.fallbacks[{i}]", target);
        }

        return errors;
    }

    public Release ToRelease(string project, int number, DateTimeOffset at, string actor, RollbackOrigin? origin = null) => new()
    {
        Project = project,
        Feature = Feature,
        Number = number,
        Description = Description,
        Model = Model,
        Prompt = Prompt,
        Index = Index,
        Routing = Routing,
        CreatedAt = at,
        CreatedBy = actor,
        RolledBackTo = origin,
    };

    public static ReleaseSpec Of(Release release) => new()
    {
        Feature = release.Feature,
        Description = release.Description,
        Model = release.Model,
        Prompt = release.Prompt,
        Index = release.Index,
        Routing = release.Routing,
    };

    private static void Required(List<string> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{field}: required");
        }
        else if (value.Length > 256)
        {
            errors.Add($"{field}: longer than 256 characters");
        }
    }

    private static void Target(List<string> errors, string path, RouteTarget target)
    {
        Required(errors, path + ".provider", target.Provider);
        Required(errors, path + ".model", target.Model);
        if (!(target.Weight > 0) || double.IsInfinity(target.Weight))
        {
            errors.Add($"{path}.weight: must be a positive number");
        }
    }
}

/// <summary>Feature names: what spans carry in <c>vigil.feature</c> and URLs carry unescaped.</summary>
public static class FeatureNames
{
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Why <paramref name="name"/> is not a valid feature name, for an error under its field.</summary>
    public static string Problem(string? name) => $"'{name}' must be 1–64 characters of letters, digits, '-', '_' or '.'";
}
