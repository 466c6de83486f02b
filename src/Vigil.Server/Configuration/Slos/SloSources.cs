using Vigil.Core.Slos;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration.Slos;

/// <summary>vigil.yaml's SLOs: its <c>slos:</c> list and the OpenSLO files its <c>openslo:</c> list names, one name per project across both.</summary>
internal static class SloSources
{
    /// <param name="source">vigil.yaml's path: OpenSLO paths are relative to its directory.</param>
    public static IReadOnlyList<SloDefinition> Load(YamlSequenceNode? inline, IReadOnlyList<string>? openslo, string source, List<string> errors)
    {
        var located = new List<LocatedSlo>();
        if (inline is not null)
        {
            var inlineErrors = new ErrorList();
            located.AddRange(SloSectionConverter.Convert(inline, Path.GetFileName(source), inlineErrors));
            errors.AddRange(inlineErrors.Messages);
        }

        if (openslo is { Count: > 0 })
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(source)) ?? Directory.GetCurrentDirectory();
            var files = SloDocumentLoader.LoadFiles(openslo, directory);
            located.AddRange(files.Located);
            errors.AddRange(files.Errors);
        }

        return [.. SloDuplicates.Remove(located, errors).Select(s => s.Definition)];
    }
}
