using System.Globalization;
using Vigil.Core.Evals;

namespace Vigil.Evals.Runs;

/// <summary>
/// Judges a run against a <see cref="GateSpec"/>. A threshold passes when the observed mean (or pass rate)
/// reaches its minimum. A regression check is a one-sided non-inferiority test per scorer: it passes when
/// the lower confidence bound of the difference of means (candidate − baseline) is at least −MaxDrop,
/// that is when the data show, at the spec's confidence, that the mean fell by no more than MaxDrop. A run
/// too small or too noisy to show that fails, even when its mean did not fall: the gate lets through what
/// is shown to be safe, not what is merely not shown to be broken. Items are paired by id when at least
/// two items of both runs match (the difference of each item's scores); otherwise the runs are compared
/// unpaired with Welch's interval. Every explanation says which.
/// </summary>
public static class EvalGate
{
    /// <summary>Slack for floating-point noise when a value sits exactly on its limit.</summary>
    private const double Tolerance = 1e-12;

    public static GateVerdict Judge(GateSpec spec, EvalOutcome candidate, (string RunId, IReadOnlyList<EvalItemResult> Items)? baseline)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(candidate);
        var checks = spec.Thresholds.Select(t => Threshold(t, candidate)).ToList();
        if (spec.Regression is { } regression)
        {
            checks.AddRange(Regression(regression, candidate, baseline));
        }

        return new GateVerdict(checks.All(c => c.Passed), checks);
    }

    private static GateCheck Threshold(ThresholdSpec spec, EvalOutcome candidate)
    {
        var metric = spec.Metric == GateMetric.Mean ? "mean" : "pass rate";
        var summary = candidate.Summary.FirstOrDefault(s => s.Scorer == spec.Scorer);
        if (summary is null || summary.Count == 0)
        {
            var why = summary is null
                ? $"not scored in this run (scored: {List(candidate.Summary.Select(s => s.Scorer))})"
                : "no items were scored";
            return new GateCheck(GateCheckKind.Threshold, spec.Scorer, spec.Metric, spec.Min, 0, null, null, false,
                $"{spec.Scorer}: {why}, so its {metric} cannot reach {N(spec.Min)}");
        }

        var (observed, low, high) = spec.Metric == GateMetric.Mean
            ? (summary.Mean, summary.MeanLow, summary.MeanHigh)
            : (summary.PassRate, summary.PassRateLow, summary.PassRateHigh);
        var passed = observed >= spec.Min - Tolerance;
        return new GateCheck(GateCheckKind.Threshold, spec.Scorer, spec.Metric, spec.Min, observed, null, null, passed,
            $"{spec.Scorer}: {metric} {N(observed)} {(passed ? "≥" : "<")} {N(spec.Min)} (n={summary.Count}, {RunText.Percent(RunStatistics.Confidence)} % interval {N(low)}–{N(high)})");
    }

    private static List<GateCheck> Regression(RegressionSpec spec, EvalOutcome candidate, (string RunId, IReadOnlyList<EvalItemResult> Items)? baseline)
    {
        if (!double.IsFinite(spec.MaxDrop) || spec.MaxDrop < 0 || !(spec.Confidence is > 0.5 and < 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"a regression needs MaxDrop ≥ 0 and a confidence in (0.5, 1), got {spec.MaxDrop} and {spec.Confidence}"), nameof(spec));
        }

        if (baseline is not { } run)
        {
            return [.. (spec.Scorers ?? ["*"]).Select(scorer => Failed(spec, scorer, null,
                $"{scorer}: no baseline run to compare with, so a drop of at most {N(spec.MaxDrop)} cannot be shown"))];
        }

        var ours = Scores(candidate.Items);
        var theirs = Scores(run.Items);
        var scorers = spec.Scorers ?? [.. candidate.Summary.Select(s => s.Scorer).Where(theirs.ContainsKey)];
        if (scorers.Count == 0)
        {
            return [Failed(spec, "*", run.RunId,
                $"no scorer is shared by this run ({List(ours.Keys)}) and baseline {run.RunId} ({List(theirs.Keys)}), so nothing can be compared")];
        }

        return [.. scorers.Select(scorer => Compare(spec, scorer, ours, theirs, run.RunId))];
    }

    private static GateCheck Compare(
        RegressionSpec spec, string scorer, Dictionary<string, Dictionary<string, double>> ours, Dictionary<string, Dictionary<string, double>> theirs, string runId)
    {
        if (!ours.TryGetValue(scorer, out var candidate))
        {
            return Failed(spec, scorer, runId, $"{scorer}: not scored in this run (scored: {List(ours.Keys)})");
        }

        if (!theirs.TryGetValue(scorer, out var baseline))
        {
            return Failed(spec, scorer, runId, $"{scorer}: not scored in baseline {runId} (scored: {List(theirs.Keys)})");
        }

        var paired = candidate.Keys.Where(baseline.ContainsKey).ToList();
        var confidence = RunText.Percent(spec.Confidence);
        double meanCandidate, meanBaseline, difference, bound;
        string how;
        if (paired.Count >= 2)
        {
            var differences = paired.Select(id => candidate[id] - baseline[id]).ToList();
            var (mean, sd) = RunStatistics.MeanAndSd(differences);
            var n = paired.Count;
            meanCandidate = paired.Average(id => candidate[id]);
            meanBaseline = paired.Average(id => baseline[id]);
            difference = mean;
            bound = sd == 0 ? mean : mean - RunStatistics.TQuantile(n - 1, spec.Confidence) * sd / Math.Sqrt(n);
            var unmatched = candidate.Count + baseline.Count - 2 * n;
            how = unmatched == 0 ? $"paired, n={n}" : $"paired, n={n}; {unmatched} items in only one run left out";
        }
        else
        {
            int nc = candidate.Count, nb = baseline.Count;
            if (nc < 2 || nb < 2)
            {
                return Failed(spec, scorer, runId,
                    $"{scorer}: too few items to compare with baseline {runId} (this run n={nc}, baseline n={nb}, {paired.Count} paired; at least 2 are needed)");
            }

            var (mc, sc) = RunStatistics.MeanAndSd([.. candidate.Values]);
            var (mb, sb) = RunStatistics.MeanAndSd([.. baseline.Values]);
            double vc = sc * sc / nc, vb = sb * sb / nb;
            var se = Math.Sqrt(vc + vb);
            // Welch–Satterthwaite degrees of freedom.
            var df = se == 0 ? double.PositiveInfinity : (vc + vb) * (vc + vb) / (vc * vc / (nc - 1) + vb * vb / (nb - 1));
            (meanCandidate, meanBaseline, difference) = (mc, mb, mc - mb);
            bound = se == 0 ? difference : difference - RunStatistics.TQuantile(df, spec.Confidence) * se;
            how = se == 0
                ? $"unpaired, n={nc} vs {nb}, fewer than 2 items pair"
                : $"unpaired Welch, n={nc} vs {nb}, df {RunText.Number(df, "0.0")}, fewer than 2 items pair";
        }

        var passed = bound >= -spec.MaxDrop - Tolerance;
        var verdict = passed
            ? $"{N(bound)} ≥ {N(-spec.MaxDrop)}"
            : $"{N(bound)} < {N(-spec.MaxDrop)}, so a drop larger than {N(spec.MaxDrop)} is not ruled out";
        return new GateCheck(GateCheckKind.Regression, scorer, GateMetric.Mean, spec.MaxDrop, difference, bound, runId, passed,
            $"{scorer}: mean {N(meanCandidate)} vs {N(meanBaseline)} ({how}): difference {N(difference)}, {confidence} % lower bound {verdict}");
    }

    /// <summary>Scorer → item id → value; an item scored twice by one scorer keeps its first score.</summary>
    private static Dictionary<string, Dictionary<string, double>> Scores(IReadOnlyList<EvalItemResult> items)
    {
        var byScorer = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            foreach (var score in item.Scores)
            {
                if (!byScorer.TryGetValue(score.Scorer, out var values))
                {
                    byScorer[score.Scorer] = values = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                values.TryAdd(item.ItemId, score.Value);
            }
        }

        return byScorer;
    }

    private static GateCheck Failed(RegressionSpec spec, string scorer, string? runId, string explanation) =>
        new(GateCheckKind.Regression, scorer, GateMetric.Mean, spec.MaxDrop, 0, null, runId, false, explanation);

    private static string N(double value) => RunText.Number(value);

    private static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count == 0 ? "none" : string.Join(", ", all);
    }
}
