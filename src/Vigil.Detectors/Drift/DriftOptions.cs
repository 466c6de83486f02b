namespace Vigil.Detectors.Drift;

/// <summary>What to do with one column; every property left null keeps the default.</summary>
public sealed record ColumnDriftOptions
{
    /// <summary>The test; <see cref="DriftTest.Auto"/> (or null) picks Evidently's default for the column.</summary>
    public DriftTest? Test { get; init; }

    /// <summary>The threshold the score is compared with (default per test: 0.05 for p-values, 0.1 for distances).</summary>
    public double? Threshold { get; init; }

    /// <summary>The column's kind, instead of the inferred one (e.g. a numeric status code as categorical).</summary>
    public ColumnKind? Kind { get; init; }
}

/// <summary>How a reference and a current table are compared.</summary>
public sealed record DriftOptions
{
    /// <summary>Evidently's default: the dataset drifts when at least half of the compared columns drift.</summary>
    public const double DefaultDriftShare = 0.5;

    /// <summary>The fewest non-missing values either sample of a column needs before it is compared.</summary>
    public const int DefaultMinimumSampleSize = 30;

    /// <summary>Text columns are compared on at most this many randomly chosen (seeded) values per side.</summary>
    public const int DefaultMaxTextSample = 500;

    /// <summary>
    /// Texts are cut to this many characters before they are embedded: about the 256-token window all-MiniLM-L6-v2 was
    /// trained with, and it halves the embedding time of long prompts.
    /// </summary>
    public const int DefaultMaxTextLength = 1000;

    /// <summary>Only these columns (null: every column the two tables share).</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Applied to every column, under <see cref="PerColumn"/>.</summary>
    public ColumnDriftOptions Defaults { get; init; } = new();

    /// <summary>Overrides for single columns, by name.</summary>
    public IReadOnlyDictionary<string, ColumnDriftOptions> PerColumn { get; init; } = new Dictionary<string, ColumnDriftOptions>(StringComparer.Ordinal);

    /// <summary>The share of drifted columns (among those compared) at which the dataset counts as drifted.</summary>
    public double DriftShare { get; init; } = DefaultDriftShare;

    public int MinimumSampleSize { get; init; } = DefaultMinimumSampleSize;

    public int MaxTextSample { get; init; } = DefaultMaxTextSample;

    public int MaxTextLength { get; init; } = DefaultMaxTextLength;

    /// <summary>Permutations of the MMD test on text columns.</summary>
    public int Permutations { get; init; } = Statistics.MaximumMeanDiscrepancy.DefaultPermutations;

    /// <summary>Seeds the text sampling and the permutations: the same inputs and seed give the same result.</summary>
    public int Seed { get; init; }

    /// <summary>The options in force for a column: its own over <see cref="Defaults"/>.</summary>
    public ColumnDriftOptions For(string column)
    {
        var own = PerColumn.GetValueOrDefault(column);
        return new ColumnDriftOptions
        {
            Test = own?.Test is { } t && t != DriftTest.Auto ? t : Defaults.Test,
            Threshold = own?.Threshold ?? Defaults.Threshold,
            Kind = own?.Kind ?? Defaults.Kind,
        };
    }
}
