using System.Globalization;
using Vigil.Core.Evals;

namespace Vigil.Evals.Runs;

/// <summary>What a run must show to pass: thresholds on its own scores, and no regression against a baseline run.</summary>
public sealed record GateSpec(IReadOnlyList<ThresholdSpec> Thresholds, RegressionSpec? Regression)
{
    /// <summary>The command-line names the parse errors use.</summary>
    public const string MinMeanArgument = "--min-mean";
    public const string MinPassRateArgument = "--min-pass-rate";
    public const string MaxDropArgument = "--max-drop";
    public const string RegressionScorerArgument = "--regression-scorer";

    /// <summary>True when the gate checks nothing (and so always passes).</summary>
    public bool IsEmpty => Thresholds.Count == 0 && Regression is null;

    /// <summary>
    /// Reads a gate from command-line style arguments: <c>scorer=min</c> pairs for the mean and the pass rate
    /// (numbers in [0, 1], invariant culture), the largest tolerated drop of a scorer's mean, and the scorers
    /// the regression check is limited to (none: every scorer both runs share). Every error names its argument.
    /// </summary>
    public static GateSpecParse Parse(
        IEnumerable<string> minMean, IEnumerable<string> minPassRate, double? maxDrop, IEnumerable<string> regressionScorers)
    {
        ArgumentNullException.ThrowIfNull(minMean);
        ArgumentNullException.ThrowIfNull(minPassRate);
        ArgumentNullException.ThrowIfNull(regressionScorers);
        var errors = new List<string>();
        var thresholds = new List<ThresholdSpec>();
        thresholds.AddRange(ReadThresholds(minMean, MinMeanArgument, GateMetric.Mean, errors));
        thresholds.AddRange(ReadThresholds(minPassRate, MinPassRateArgument, GateMetric.PassRate, errors));

        var scorers = new List<string>();
        foreach (var scorer in regressionScorers.Select(s => s.Trim()))
        {
            if (scorer.Length == 0)
            {
                errors.Add($"{RegressionScorerArgument}: a scorer name is empty");
            }
            else if (!scorers.Contains(scorer, StringComparer.Ordinal))
            {
                scorers.Add(scorer);
            }
        }

        RegressionSpec? regression = null;
        if (maxDrop is { } drop)
        {
            if (!double.IsFinite(drop) || drop is < 0 or > 1)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{MaxDropArgument}: expected a number in [0, 1] (a drop of the mean score), got {drop}"));
            }
            else
            {
                regression = new RegressionSpec(drop, scorers.Count > 0 ? scorers : null);
            }
        }
        else if (scorers.Count > 0)
        {
            errors.Add($"{RegressionScorerArgument}: needs {MaxDropArgument}, the largest drop to tolerate");
        }

        return errors.Count > 0 ? new GateSpecParse(null, errors) : new GateSpecParse(new GateSpec(thresholds, regression), []);
    }

    private static List<ThresholdSpec> ReadThresholds(IEnumerable<string> values, string argument, GateMetric metric, List<string> errors)
    {
        var thresholds = new List<ThresholdSpec>();
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            var scorer = equals < 0 ? "" : value[..equals].Trim();
            var number = equals < 0 ? "" : value[(equals + 1)..].Trim();
            if (scorer.Length == 0 || number.Length == 0)
            {
                errors.Add($"{argument}: expected scorer=number such as similarity=0.8, got \"{value}\"");
            }
            else if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var min) || !double.IsFinite(min) || min is < 0 or > 1)
            {
                errors.Add($"{argument}: {scorer}: expected a number in [0, 1] such as 0.8, got \"{number}\"");
            }
            else if (thresholds.Any(t => t.Scorer == scorer))
            {
                errors.Add($"{argument}: {scorer}: given twice");
            }
            else
            {
                thresholds.Add(new ThresholdSpec(scorer, metric, min));
            }
        }

        return thresholds;
    }
}

/// <summary>The scorer's mean (or pass rate) must reach <see cref="Min"/>.</summary>
public sealed record ThresholdSpec(string Scorer, GateMetric Metric, double Min);

/// <summary>
/// Against a baseline run, each scorer's mean must be shown — at <see cref="Confidence"/>, one-sided — to
/// have dropped by at most <see cref="MaxDrop"/>. <see cref="Scorers"/> null: every scorer both runs share.
/// </summary>
public sealed record RegressionSpec(double MaxDrop, IReadOnlyList<string>? Scorers, double Confidence = 0.95);

/// <summary>A gate read from arguments, or every error found (each naming its argument).</summary>
public sealed record GateSpecParse(GateSpec? Spec, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0 && Spec is not null;
}
