namespace Vigil.Core.Queries;

/// <summary>The answer to an <see cref="EvaluationSeriesQuery"/>: one series per (name, release), ordered by name, then release (none last).</summary>
public sealed record EvaluationSeries(
    string Feature, string? Name, EvaluationSourceKind Source, TimeRange Range, TimeSpan Step, IReadOnlyList<EvaluationReleaseSeries> Series);

/// <summary>
/// The evaluations of one name and release (null: the evaluated span carried none): a point per bucket
/// that holds any, oldest first, and the total over the range.
/// </summary>
public sealed record EvaluationReleaseSeries(string Name, string? Release, EvaluationTally Total, IReadOnlyList<EvaluationPoint> Points);

/// <summary>
/// One bucket, starting at <see cref="Time"/>: the evaluations in it, those with a score value and
/// their mean (values as sent: an OTLP score need not be in [0, 1]), and those whose label says pass
/// or fail (<see cref="EvaluationLabels"/>) with how many passed.
/// </summary>
public sealed record EvaluationPoint(DateTimeOffset Time, long Count, long Scored, double? MeanScore, long Judged, long Passed)
{
    /// <summary>The share of pass labels among pass and fail labels; null when none has either.</summary>
    public double? PassShare => Judged == 0 ? null : (double)Passed / Judged;
}

/// <summary>The same counts as an <see cref="EvaluationPoint"/>, over a whole series.</summary>
public sealed record EvaluationTally(long Count, long Scored, double? MeanScore, long Judged, long Passed)
{
    public double? PassShare => Judged == 0 ? null : (double)Passed / Judged;

    /// <summary>The total of a series' points.</summary>
    public static EvaluationTally Of(IEnumerable<EvaluationPoint> points)
    {
        long count = 0, scored = 0, judged = 0, passed = 0;
        var sum = 0.0;
        foreach (var p in points)
        {
            count += p.Count;
            scored += p.Scored;
            sum += (p.MeanScore ?? 0) * p.Scored;
            judged += p.Judged;
            passed += p.Passed;
        }

        return new EvaluationTally(count, scored, scored == 0 ? null : sum / scored, judged, passed);
    }
}
