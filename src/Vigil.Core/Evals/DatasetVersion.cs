namespace Vigil.Core.Evals;

/// <summary>
/// One immutable version of a named dataset. Every change (an import, traces added) makes a new version
/// numbered from 1, so a run names exactly the items it scored (<c>golden@3</c>).
/// </summary>
public sealed record DatasetVersion
{
    public required string Project { get; init; }
    public required string Name { get; init; }
    public required int Version { get; init; }
    public required int ItemCount { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }

    /// <summary>What this version changed, e.g. "imported golden.jsonl" or "added 12 production traces".</summary>
    public string? Note { get; init; }

    /// <summary>SHA-256 of the version's JSONL form (hex): equal hashes, equal items.</summary>
    public required string ContentHash { get; init; }

    /// <summary><c>name@version</c>.</summary>
    public string Ref => DatasetRef.Format(Name, Version);
}

/// <summary>Dataset references: <c>name</c> (the latest version) or <c>name@version</c>.</summary>
public static class DatasetRef
{
    public static string Format(string name, int version) => name + "@" + version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Splits <c>name[@version]</c>; false (with the reason) when the name or version is malformed.</summary>
    public static bool TryParse(string? text, out string name, out int? version, out string error)
    {
        name = "";
        version = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty (expected NAME or NAME@VERSION)";
            return false;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        name = at < 0 ? text : text[..at];
        if (!DatasetNames.IsValid(name))
        {
            error = $"'{name}' is not a valid dataset name (letters, digits, '-', '_' and '.', 1–64 characters)";
            return false;
        }

        if (at >= 0)
        {
            if (!int.TryParse(text.AsSpan(at + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) || v < 1)
            {
                error = $"'{text[(at + 1)..]}' is not a dataset version (a whole number from 1)";
                return false;
            }

            version = v;
        }

        return true;
    }
}

/// <summary>Dataset names follow the rule of feature names.</summary>
public static class DatasetNames
{
    public static bool IsValid(string? name) => Releases.FeatureNames.IsValid(name);
}
