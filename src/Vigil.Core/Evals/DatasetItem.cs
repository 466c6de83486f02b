namespace Vigil.Core.Evals;

/// <summary>
/// One case of an evaluation dataset: the input the feature receives, the output it should give (when
/// known), the documents it may use, and free-form metadata (segment, category, the production trace it
/// came from). Items are identified within a dataset by <see cref="Id"/>, so that two runs on the same
/// dataset pair their results item by item.
/// </summary>
public sealed record DatasetItem
{
    public required string Id { get; init; }

    public required string Input { get; init; }

    public string? Expected { get; init; }

    public IReadOnlyList<DatasetDocument> Context { get; init; } = [];

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>(StringComparer.Ordinal);

    public bool Equals(DatasetItem? other) =>
        other is not null && Id == other.Id && Input == other.Input && Expected == other.Expected
        && Context.SequenceEqual(other.Context)
        && Metadata.Count == other.Metadata.Count
        && Metadata.All(kv => other.Metadata.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public override int GetHashCode() => HashCode.Combine(Id, Input, Expected, Context.Count, Metadata.Count);
}

/// <summary>A document an item's answer may use and cite: its id and its text.</summary>
public sealed record DatasetDocument(string Id, string Text);
