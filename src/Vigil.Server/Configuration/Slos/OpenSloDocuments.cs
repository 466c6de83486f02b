using Vigil.Core.Slos;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration.Slos;

/// <summary>One document of an OpenSLO file; its errors start with the file, the document's number and its kind and name.</summary>
internal sealed class OpenSloDocument
{
    public OpenSloDocument(string source, int number, string kind, YamlMappingNode root)
    {
        Kind = kind;
        Name = YamlMapReader.PeekMap(root, "metadata") is { } metadata ? YamlMapReader.Peek(metadata, "name") : null;
        Place = $"{source}, document {number}";
        Errors = new ErrorList($"{Place} ({kind}{(Name is null ? "" : " " + Name)}): ");
        Root = new YamlMapReader(root, "", Errors);
    }

    public string Kind { get; }
    public string? Name { get; }

    /// <summary>"slos/chat.yaml, document 2": documents are counted from 1 within their file.</summary>
    public string Place { get; }

    public ErrorList Errors { get; }
    public YamlMapReader Root { get; }

    public override string ToString() => $"{Place} ({Kind} {Name})";
}

/// <summary>The header of an OpenSLO object.</summary>
internal static class OpenSloHeader
{
    public const string ApiVersion = "openslo/v1";

    /// <summary>An inlined object may repeat its apiVersion and kind; when it does they must be these.</summary>
    public static void CheckInline(YamlMapReader obj, string kind)
    {
        if (obj.Text("apiVersion") is { } version && version != ApiVersion)
        {
            obj.Errors.AddOnce(obj.At("apiVersion"), $"'{version}' is not supported: Vigil reads {ApiVersion}");
        }

        if (obj.Text("kind") is { } actual && actual != kind)
        {
            obj.Errors.AddOnce(obj.At("kind"), $"expected {kind} here, not '{actual}'");
        }
    }
}

/// <summary>An OpenSLO object's metadata; the project comes from the label <c>vigil.dev/project</c>.</summary>
internal sealed record OpenSloMetadata(string? Name, string? DisplayName, string? Project)
{
    public const string ProjectLabel = "vigil.dev/project";

    /// <summary>Reads <c>metadata</c> of <paramref name="obj"/>; <paramref name="required"/>: a name must be given.</summary>
    public static OpenSloMetadata Read(YamlMapReader obj, bool required)
    {
        var metadata = obj.Map("metadata");
        if (metadata is null)
        {
            if (required)
            {
                obj.Errors.AddOnce(obj.At("metadata.name"), "required");
            }

            return new OpenSloMetadata(null, null, null);
        }

        var name = metadata.Text("name");
        if (name is null && required)
        {
            obj.Errors.AddOnce(metadata.At("name"), "required");
        }

        var displayName = metadata.Text("displayName");
        string? project = null;
        if (metadata.Map("labels") is { } labels)
        {
            project = labels.Text(ProjectLabel);
            labels.IgnoreOthers();
        }

        metadata.Ignore("annotations", "namespace");
        metadata.RejectUnknown();
        return new OpenSloMetadata(name, displayName, project);
    }
}

/// <summary>An alert policy's burn-rate pairs and the longest <c>alertAfter</c> of its conditions.</summary>
internal sealed record OpenSloAlertPolicy(IReadOnlyList<AlertPairSpec> Pairs, TimeSpan AlertAfter);

/// <summary>The named objects of every loaded file, resolved by name across files; null values failed to read.</summary>
internal sealed class OpenSloCatalog
{
    public Dictionary<string, OpenSloDocument> Documents { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, IndicatorSpec?> Slis { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (AlertPairSpec Pair, TimeSpan AlertAfter)?> Conditions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, OpenSloAlertPolicy?> Policies { get; } = new(StringComparer.Ordinal);

    /// <summary>Registers a named document; a second one of the same kind and name is an error naming the first.</summary>
    public bool Register(OpenSloDocument document)
    {
        if (document.Name is not { } name)
        {
            return true;
        }

        if (Documents.TryGetValue(Key(document.Kind, name), out var first))
        {
            document.Errors.Add("metadata.name", $"{document.Kind} '{name}' is already defined at {first.Place}");
            return false;
        }

        Documents[Key(document.Kind, name)] = document;
        return true;
    }

    public static string Key(string kind, string name) => kind + "/" + name;
}
