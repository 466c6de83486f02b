using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration.Slos;

/// <summary>
/// Reads OpenSLO v1 documents (<c>apiVersion: openslo/v1</c>; several per file, separated by
/// <c>---</c>): SLOs, the SLIs, alert policies and alert conditions they name (resolved across every
/// file), and Services, DataSources and AlertNotificationTargets, which are accepted and ignored.
/// Every problem is reported, naming the file, the document (counted from 1) and the key.
/// </summary>
public static class SloDocumentLoader
{
    private static readonly string[] IgnoredKinds = ["Service", "DataSource", "AlertNotificationTarget"];
    private static readonly string[] ReadKinds = ["SLO", "SLI", "AlertPolicy", "AlertCondition"];

    /// <summary>The SLOs of a set of files; <c>Source</c> is how errors name each file.</summary>
    public static SloLoadResult Parse(IEnumerable<(string Source, string Text)> files)
    {
        var errors = new List<string>();
        var documents = files.SelectMany(f => Documents(f.Source, f.Text, errors)).ToList();
        var catalog = new OpenSloCatalog();
        foreach (var kind in (ReadOnlySpan<string>)["SLI", "AlertCondition", "AlertPolicy"])
        {
            foreach (var document in documents.Where(d => d.Kind == kind))
            {
                var stored = catalog.Register(document);
                Read(document, catalog, stored && document.Name is not null);
            }
        }

        var slos = documents.Where(d => d.Kind == "SLO").Select(d => OpenSloMapper.Map(d, catalog)).OfType<LocatedSlo>().ToList();
        errors.AddRange(documents.SelectMany(d => d.Errors.Messages));
        return SloLoadResult.From(SloDuplicates.Remove(slos, errors), errors);
    }

    /// <summary>
    /// Reads the files named by <paramref name="paths"/> — files, or directories whose *.yaml and *.yml
    /// files (subdirectories included) are read in name order — relative to <paramref name="baseDirectory"/>.
    /// Errors name a path by its index in the list: <c>openslo[0]</c>.
    /// </summary>
    public static SloLoadResult LoadFiles(IReadOnlyList<string> paths, string baseDirectory)
    {
        var errors = new List<string>();
        var files = new List<(string Source, string Text)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Count; i++)
        {
            var full = Path.GetFullPath(paths[i], baseDirectory);
            string[] found = Directory.Exists(full)
                ? [.. Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Where(IsYaml).Order(StringComparer.Ordinal)]
                : File.Exists(full) ? [full] : [];
            if (found.Length == 0)
            {
                errors.Add(Directory.Exists(full)
                    ? $"openslo[{i}]: '{paths[i]}' holds no *.yaml or *.yml file"
                    : $"openslo[{i}]: '{paths[i]}' does not exist (looked for {full})");
            }

            foreach (var file in found.Where(seen.Add))
            {
                var source = Path.GetRelativePath(baseDirectory, file);
                try
                {
                    files.Add((source, File.ReadAllText(file)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors.Add($"openslo[{i}]: cannot read {source}: {e.Message}");
                }
            }
        }

        var result = Parse(files);
        return SloLoadResult.From(result.Located, [.. errors, .. result.Errors]);
    }

    private static bool IsYaml(string file) =>
        Path.GetExtension(file).ToLowerInvariant() is ".yaml" or ".yml";

    private static List<OpenSloDocument> Documents(string source, string text, List<string> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            errors.Add($"{source}: line {ex.Start.Line}, column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}");
            return [];
        }

        var documents = new List<OpenSloDocument>();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            var place = $"{source}, document {i + 1}";
            switch (stream.Documents[i].RootNode)
            {
                case var empty when YamlMapReader.IsNull(empty):
                    break;
                case YamlMappingNode root when Header(root, place, errors) is { } kind:
                    var document = new OpenSloDocument(source, i + 1, kind, root);
                    document.Root.Ignore("apiVersion", "kind");
                    documents.Add(document);
                    break;
                case YamlMappingNode:
                    break;
                default:
                    errors.Add($"{place}: expected an OpenSLO object (apiVersion, kind, metadata, spec)");
                    break;
            }
        }

        return documents;
    }

    /// <summary>The kind of a document Vigil reads; null (and an error) when it is not openslo/v1 or of no known kind.</summary>
    private static string? Header(YamlMappingNode root, string place, List<string> errors)
    {
        var version = YamlMapReader.Peek(root, "apiVersion");
        var kind = YamlMapReader.Peek(root, "kind");
        if (version != OpenSloHeader.ApiVersion)
        {
            errors.Add(version is null
                ? $"{place}: apiVersion: required ({OpenSloHeader.ApiVersion})"
                : $"{place}: apiVersion: '{version}' is not supported: Vigil reads {OpenSloHeader.ApiVersion}");
            return null;
        }

        if (kind is not null && (ReadKinds.Contains(kind, StringComparer.Ordinal) || IgnoredKinds.Contains(kind, StringComparer.Ordinal)))
        {
            return kind;
        }

        errors.Add($"{place}: kind: {(kind is null ? "required" : $"'{kind}' is not an OpenSLO v1 kind")} (one of {string.Join(", ", ReadKinds.Concat(IgnoredKinds))})");
        return null;
    }

    private static void Read(OpenSloDocument document, OpenSloCatalog catalog, bool store)
    {
        var name = document.Name ?? "";
        switch (document.Kind)
        {
            case "SLI":
                var sli = OpenSloIndicators.Read(document.Root, inline: false);
                if (store)
                {
                    catalog.Slis[name] = sli;
                }

                break;
            case "AlertCondition":
                var condition = OpenSloAlerts.ReadCondition(document.Root, inline: false);
                if (store)
                {
                    catalog.Conditions[name] = condition;
                }

                break;
            case "AlertPolicy":
                var policy = OpenSloAlerts.ReadPolicy(document.Root, inline: false, catalog);
                if (store)
                {
                    catalog.Policies[name] = policy;
                }

                break;
        }
    }
}
