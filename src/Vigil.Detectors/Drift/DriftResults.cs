namespace Vigil.Detectors.Drift;

/// <summary>Whether a column was compared.</summary>
public enum DriftStatus
{
    /// <summary>The test ran; <see cref="ColumnDriftResult.Drifted"/> is its verdict.</summary>
    Compared,

    /// <summary>A sample has fewer non-missing values than the minimum; no verdict, not counted in the drift share.</summary>
    InsufficientData,

    /// <summary>Not compared (only in one table; text without an embedder); not counted in the drift share.</summary>
    Skipped,
}

/// <summary>
/// One column's verdict. <see cref="Score"/> is what the threshold is compared with: the p-value for KS, chi-squared,
/// z and MMD, the distance for Jensen–Shannon, PSI and Wasserstein.
/// </summary>
public sealed record ColumnDriftResult
{
    public required string Column { get; init; }

    public required ColumnKind Kind { get; init; }

    public required DriftTest Test { get; init; }

    public required DriftStatus Status { get; init; }

    /// <summary>The test statistic (KS D, χ², z, MMD²; for the distances the distance itself); null when not compared.</summary>
    public double? Statistic { get; init; }

    /// <summary>The p-value of the p-value tests; null for the distances.</summary>
    public double? PValue { get; init; }

    /// <summary>The distance of the distance measures; null for the p-value tests.</summary>
    public double? Distance { get; init; }

    /// <summary>The threshold the score was (or would have been) compared with; null for a column only in one table.</summary>
    public double? Threshold { get; init; }

    public bool Drifted { get; init; }

    /// <summary>Non-missing values in the reference.</summary>
    public required int ReferenceCount { get; init; }

    /// <summary>Non-missing values in the current sample.</summary>
    public required int CurrentCount { get; init; }

    /// <summary>Why a column was not compared, or how (e.g. the MMD bandwidth and sample).</summary>
    public string? Detail { get; init; }

    public double? Score => PValue ?? Distance;
}

/// <summary>Every column's verdict and the dataset's: drifted when at least <see cref="DriftShareThreshold"/> of the compared columns drifted.</summary>
public sealed record DriftReport
{
    public required IReadOnlyList<ColumnDriftResult> Columns { get; init; }

    public int ComparedColumns => Columns.Count(c => c.Status == DriftStatus.Compared);

    public int DriftedColumns => Columns.Count(c => c.Status == DriftStatus.Compared && c.Drifted);

    /// <summary>Drifted among compared columns; 0 when none was compared.</summary>
    public double DriftShare => ComparedColumns == 0 ? 0 : (double)DriftedColumns / ComparedColumns;

    public required double DriftShareThreshold { get; init; }

    public bool DatasetDrift => ComparedColumns > 0 && DriftShare >= DriftShareThreshold;
}
