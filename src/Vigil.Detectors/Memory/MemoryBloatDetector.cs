using MathNet.Numerics;
using Vigil.Core.Queries;
using static System.FormattableString;

namespace Vigil.Detectors.Memory;

/// <summary>
/// <c>memory_bloat</c> for one index over a series of <see cref="IndexSample"/>s (oldest first; time is in the samples):
/// <list type="bullet">
/// <item><c>vectors_per_document_ratio</c>: vectors added (the vector count's increase) per document added, current window
/// over baseline — the index growing faster than its documents (chunking changed, duplicates, no deletes on update).</item>
/// <item><c>embeddings_per_document_ratio</c>: ingestion embedding calls per document added, current over baseline — unchanged
/// documents being embedded again.</item>
/// <item><c>projected_storage_cost</c>: size by a least-squares line over all samples, extrapolated <see cref="MemoryBloatOptions.ProjectionDays"/>
/// past the last sample, priced at $/GB-month; Alert only against a configured budget.</item>
/// </list>
/// </summary>
public sealed class MemoryBloatDetector(MemoryBloatOptions? options = null)
{
    public const string Detector = "memory_bloat";

    private readonly MemoryBloatOptions _options = options ?? new MemoryBloatOptions();

    public IReadOnlyList<Finding> Evaluate(string index, IReadOnlyList<IndexSample> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var subject = Finding.Labels(("index", index));
        if (series.Count < 2)
        {
            var at = series.Count == 1 ? series[0].Time : default;
            var text = Invariant($"index {index}: {series.Count} samples; at least 2 are needed for growth and {_options.MinimumSamples} for a projection");
            return
            [
                Make(subject, FindingState.InsufficientData, "vectors_per_document_ratio", null, _options.GrowthRatio, null, new TimeRange(at, at), text),
                Make(subject, FindingState.InsufficientData, "embeddings_per_document_ratio", null, _options.ReembedRatio, null, new TimeRange(at, at), text),
                Make(subject, FindingState.InsufficientData, "projected_storage_cost", null, _options.MonthlyCostBudget, null, new TimeRange(at, at), text),
            ];
        }

        var cut = series[^1].Time - _options.CurrentWindow;
        // Period i runs from sample i−1 to sample i; the first sample only anchors the counts.
        var periods = Enumerable.Range(1, series.Count - 1).Select(i => (Previous: series[i - 1], This: series[i])).ToList();
        var baseline = periods.Where(p => p.This.Time <= cut).ToList();
        var current = periods.Where(p => p.This.Time > cut).ToList();
        var referenceRange = baseline.Count > 0 ? new TimeRange(baseline[0].Previous.Time, baseline[^1].This.Time) : null;
        var currentRange = current.Count > 0 ? new TimeRange(current[0].Previous.Time, current[^1].This.Time) : new TimeRange(series[^1].Time, series[^1].Time);

        var (refDocs, refVectors, refCalls) = Totals(baseline);
        var (curDocs, curVectors, curCalls) = Totals(current);
        return
        [
            Rate(subject, index, "vectors_per_document_ratio", "vectors", refVectors, refDocs, curVectors, curDocs, _options.GrowthRatio, referenceRange, currentRange),
            Rate(subject, index, "embeddings_per_document_ratio", "embedding calls", refCalls, refDocs, curCalls, curDocs, _options.ReembedRatio, referenceRange, currentRange),
            Projection(subject, index, series, currentRange),
        ];
    }

    private static (long Documents, long Vectors, long Calls) Totals(List<(IndexSample Previous, IndexSample This)> periods) =>
        (periods.Sum(p => p.This.DocumentsAdded), periods.Sum(p => p.This.VectorCount - p.Previous.VectorCount), periods.Sum(p => p.This.EmbeddingCalls));

    private Finding Rate(
        IReadOnlyDictionary<string, string> subject, string index, string statistic, string what, long refAmount, long refDocs, long curAmount, long curDocs,
        double threshold, TimeRange? referenceRange, TimeRange currentRange)
    {
        if (refDocs < _options.MinimumDocuments && curDocs == 0 && curAmount >= _options.MinimumUnexplained)
        {
            // Whatever a document makes, none was added: these vectors (embedding calls) are growth without documents.
            return Make(subject, FindingState.Alert, statistic, double.PositiveInfinity, threshold, referenceRange, currentRange,
                Invariant($"index {index}: {curAmount} {what} now with no document added; {_options.MinimumUnexplained} or more without documents alert (the baseline added {refDocs} documents, too few for a per-document rate)"));
        }

        if (refDocs < _options.MinimumDocuments)
        {
            return Make(subject, FindingState.InsufficientData, statistic, null, threshold, referenceRange, currentRange,
                Invariant($"index {index}: the baseline added {refDocs} documents; at least {_options.MinimumDocuments} are needed for a {what}-per-document baseline"));
        }

        var baselineRate = (double)refAmount / refDocs;
        if (curDocs < _options.MinimumDocuments)
        {
            // Too few documents for a rate: judge the amount that the documents added explain at the baseline rate.
            var unexplained = curAmount - (baselineRate * curDocs);
            var alert = unexplained >= _options.MinimumUnexplained;
            return Make(subject, alert ? FindingState.Alert : FindingState.InsufficientData, statistic, alert ? double.PositiveInfinity : null, threshold, referenceRange, currentRange,
                Invariant($"index {index}: {curAmount} {what} for {curDocs} documents added now (baseline {baselineRate:0.##} per document), {unexplained:0} beyond what the documents explain; ") +
                (alert ? Invariant($"{_options.MinimumUnexplained} or more unexplained alert") : Invariant($"too few documents for a rate, and fewer than {_options.MinimumUnexplained} unexplained")));
        }

        var currentRate = (double)curAmount / curDocs;
        var ratio = baselineRate > 0 ? currentRate / baselineRate : currentRate > 0 ? double.PositiveInfinity : 1;
        var excess = curAmount - (baselineRate * curDocs);
        var isAlert = ratio >= threshold;
        return Make(subject, isAlert ? FindingState.Alert : FindingState.Ok, statistic, ratio, threshold, referenceRange, currentRange,
            Invariant($"index {index}: {currentRate:0.##} {what} per document added now ({curAmount} for {curDocs}) against {baselineRate:0.##} in the baseline ({refAmount} for {refDocs}), {ratio:0.##}×, about {Math.Max(0, excess):0} more than the baseline rate explains; ") +
            (isAlert ? Invariant($"{threshold:0.##}× or more alerts") : Invariant($"alerts from {threshold:0.##}×")));
    }

    private Finding Projection(IReadOnlyDictionary<string, string> subject, string index, IReadOnlyList<IndexSample> series, TimeRange currentRange)
    {
        const string statistic = "projected_storage_cost";
        var span = series[^1].Time - series[0].Time;
        if (series.Count < _options.MinimumSamples || span <= TimeSpan.Zero)
        {
            return Make(subject, FindingState.InsufficientData, statistic, null, _options.MonthlyCostBudget, null, currentRange,
                Invariant($"index {index}: {series.Count} samples over {span.TotalHours:0.#} h; a projection needs {_options.MinimumSamples} samples over a positive span"));
        }

        var origin = series[0].Time;
        var days = series.Select(s => (s.Time - origin).TotalDays).ToArray();
        var (intercept, slope) = Fit.Line(days, series.Select(s => (double)s.SizeBytes).ToArray());
        var projectedDay = days[^1] + _options.ProjectionDays;
        var projected = Math.Max(0, intercept + (slope * projectedDay));
        var gb = projected / 1e9;
        var cost = gb * _options.DollarsPerGbMonth;
        var alert = _options.MonthlyCostBudget is { } budget && cost >= budget;
        var budgetText = _options.MonthlyCostBudget is { } b
            ? Invariant($"; the budget is ${b:0.##}/month")
            : "; no budget set, so this is informational";
        return Make(subject, alert ? FindingState.Alert : FindingState.Ok, statistic, cost, _options.MonthlyCostBudget, null, new TimeRange(origin, series[^1].Time),
            Invariant($"index {index}: {series[^1].SizeBytes / 1e9:0.###} GB now, growing {slope / 1e9:0.####} GB/day (least squares over {series.Count} samples), {gb:0.###} GB in {_options.ProjectionDays} days, ${cost:0.##}/month at ${_options.DollarsPerGbMonth:0.###}/GB-month") + budgetText);
    }

    private static Finding Make(
        IReadOnlyDictionary<string, string> subject, FindingState state, string statistic, double? value, double? threshold,
        TimeRange? reference, TimeRange current, string explanation) => new()
        {
            Detector = Detector,
            Subject = subject,
            State = state,
            Statistic = statistic,
            Value = value,
            Threshold = threshold,
            Reference = reference,
            Current = current,
            Explanation = explanation,
            IncidentClass = "memory_bloat",
        };
}
