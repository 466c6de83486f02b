using System.Globalization;
using Vigil.Core.Detection;
using Vigil.Core.Queries;
using Vigil.Detectors;
using Vigil.Detectors.Drift;
using Vigil.Detectors.Tables;
using Vigil.Server.Evaluation;
using static System.FormattableString;

namespace Vigil.Server.Detectors.Checks;

/// <summary>
/// Drift of each watched feature's traces, a sample of the current window against one of the reference window:
/// input and output text (embedded locally, MMD permutation test), their lengths in characters, tokens, cost,
/// latency and each evaluation's score (numbers), model, finish reason and tools called (categories), each with Evidently's test selection unless
/// configured. Output text only when
/// <see cref="DriftDetectorSettings.OutputText"/> is on. Two findings per feature:
/// <c>input_drift</c> — the inputs moved (incident class <c>eval_gap</c>: production now asks what the evaluations
/// may not cover) — and <c>drift_share</c>, the share of drifted columns (class <c>quality_regression</c>).
/// </summary>
internal sealed class DriftCheck(DriftDetectorSettings settings, ITextEmbedder? embedder, TimeSpan interval) : IDetectorCheck
{
    public const string Detector = "drift";

    private static readonly IReadOnlyDictionary<string, ColumnKind> Kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal)
    {
        ["input"] = ColumnKind.Text,
        ["output"] = ColumnKind.Text,
        ["input_length"] = ColumnKind.Numeric,
        ["output_length"] = ColumnKind.Numeric,
        ["input_tokens"] = ColumnKind.Numeric,
        ["output_tokens"] = ColumnKind.Numeric,
        ["cost"] = ColumnKind.Numeric,
        ["latency_ms"] = ColumnKind.Numeric,
        ["model"] = ColumnKind.Categorical,
        ["finish_reason"] = ColumnKind.Categorical,
        ["tools"] = ColumnKind.Categorical,
    };

    /// <summary>Each evaluation on the sampled traces is a numeric column of its own, named with this prefix.</summary>
    public const string ScorePrefix = "score:";

    private readonly DriftDetector _detector = new(embedder);
    private readonly DriftOptions _options = WithKinds(settings.Options, settings.Text && embedder is not null, settings.OutputText && embedder is not null);
    private readonly DriftOptions _withoutText = WithKinds(settings.Options, input: false, output: false);

    public string Name => Detector;

    public TimeSpan Interval => interval;

    public async Task<IReadOnlyList<Finding>> RunAsync(DetectorContext context, CancellationToken cancellationToken)
    {
        var (reference, current) = context.Windows(settings.Current, settings.Reference);
        var features = settings.Features.Count > 0 ? settings.Features : await Features.ActiveAsync(context, current, cancellationToken);
        var findings = new List<Finding>();
        foreach (var feature in features)
        {
            var before = await context.Source.ReadTraceSampleAsync(context.ProjectId, feature, reference, settings.Sample, cancellationToken);
            var now = await context.Source.ReadTraceSampleAsync(context.ProjectId, feature, current, settings.Sample, cancellationToken);
            findings.AddRange(Compare(feature, before, reference, now, current, cancellationToken));
        }

        return findings;
    }

    internal IEnumerable<Finding> Compare(
        string feature, IReadOnlyList<TraceSample> before, TimeRange reference, IReadOnlyList<TraceSample> now, TimeRange current, CancellationToken cancellationToken)
    {
        var subject = Finding.Labels(("feature", feature));
        var minimum = _options.MinimumSampleSize;
        if (before.Count < minimum || now.Count < minimum)
        {
            var why = Invariant($"{feature}: {now.Count} traces now and {before.Count} in the reference window; drift needs at least {minimum} each");
            yield return Make(subject, "input_drift", FindingState.InsufficientData, null, null, reference, current, why, "eval_gap", []);
            yield return Make(subject, "drift_share", FindingState.InsufficientData, null, _options.DriftShare, reference, current, why, "quality_regression", []);
            yield break;
        }

        var text = settings.TextFeatures.Count == 0 || settings.TextFeatures.Contains(feature, StringComparer.Ordinal);
        var scores = before.Concat(now).SelectMany(t => t.Scores.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var options = WithScores(text ? _options : _withoutText, scores);
        var report = _detector.Compare(Table("reference", before, scores), Table("current", now, scores), options, cancellationToken);
        var examples = now.Take(5).Select(t => t.TraceId).ToList();
        var input = report.Columns.FirstOrDefault(c => c.Column == "input" && c.Status == DriftStatus.Compared);
        yield return input is null
            ? Make(subject, "input_drift", FindingState.InsufficientData, null, null, reference, current,
                $"{feature}: the inputs were not compared ({(settings.Text && text ? "no input text was captured" : "text drift is off for it")})", "eval_gap", [])
            : Make(subject, "input_drift", input.Drifted ? FindingState.Alert : FindingState.Ok, input.Score, input.Threshold, reference, current,
                Invariant($"{feature}: inputs {(input.Drifted ? "drifted" : "did not drift")} — {Describe(input)}, {input.CurrentCount} traces now against {input.ReferenceCount}"),
                "eval_gap", input.Drifted ? examples : []);
        var drifted = report.Columns.Where(c => c.Status == DriftStatus.Compared && c.Drifted).Select(c => c.Column).ToList();
        yield return Make(subject, "drift_share", report.DatasetDrift ? FindingState.Alert : FindingState.Ok, report.DriftShare, report.DriftShareThreshold, reference, current,
            Invariant($"{feature}: {report.DriftedColumns} of {report.ComparedColumns} columns drifted ({report.DriftShare:P0}; alert at {report.DriftShareThreshold:P0})") +
            (drifted.Count > 0 ? ": " + string.Join(", ", drifted) : ""),
            "quality_regression", report.DatasetDrift ? examples : []);
    }

    private static string Describe(ColumnDriftResult column) =>
        column.PValue is { } p
            ? Invariant($"{column.Test} p = {p:0.####} (threshold {column.Threshold:0.###})")
            : Invariant($"{column.Test} distance {column.Distance:0.####} (threshold {column.Threshold:0.###})");

    private static ColumnTable Table(string source, IReadOnlyList<TraceSample> traces, IReadOnlyList<string> scores)
    {
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var inputs = traces.Select(t => TraceCase.MessageText(t.Input, "user")).ToList();
        var outputs = traces.Select(t => TraceCase.MessageText(t.Output, "assistant")).ToList();
        return ColumnTable.FromValues(source,
        [
            new("input", inputs),
            new("output", outputs),
            new("input_length", [.. inputs.Select(t => t is null ? null : N(t.Length))]),
            new("output_length", [.. outputs.Select(t => t is null ? null : N(t.Length))]),
            new("input_tokens", [.. traces.Select(t => (string?)N(t.InputTokens))]),
            new("output_tokens", [.. traces.Select(t => (string?)N(t.OutputTokens))]),
            new("cost", [.. traces.Select(t => (string?)N(t.CostUsd))]),
            new("latency_ms", [.. traces.Select(t => (string?)N(t.DurationMs))]),
            new("model", [.. traces.Select(t => t.Model)]),
            new("finish_reason", [.. traces.Select(t => t.FinishReason)]),
            new("tools", [.. traces.Select(t => t.Tools)]),
            .. scores.Select(name => new KeyValuePair<string, IReadOnlyList<string?>>(
                ScorePrefix + name, [.. traces.Select(t => t.Scores.TryGetValue(name, out var v) ? N(v) : null)])),
        ]);
    }

    /// <summary>The options with one numeric column per evaluation name (configured overrides for it win).</summary>
    private static DriftOptions WithScores(DriftOptions options, List<string> scores)
    {
        if (scores.Count == 0)
        {
            return options;
        }

        var perColumn = new Dictionary<string, ColumnDriftOptions>(options.PerColumn, StringComparer.Ordinal);
        foreach (var column in scores.Select(s => ScorePrefix + s))
        {
            var own = perColumn.GetValueOrDefault(column);
            perColumn[column] = (own ?? new ColumnDriftOptions()) with { Kind = own?.Kind ?? ColumnKind.Numeric };
        }

        return options with { PerColumn = perColumn, Columns = [.. options.Columns ?? [], .. scores.Select(s => ScorePrefix + s)] };
    }

    /// <summary>The configured options with each span column's kind set (configured kinds win); text columns dropped when their text is off.</summary>
    private static DriftOptions WithKinds(DriftOptions options, bool input, bool output)
    {
        var perColumn = new Dictionary<string, ColumnDriftOptions>(StringComparer.Ordinal);
        foreach (var (column, kind) in Kinds)
        {
            var own = options.PerColumn.GetValueOrDefault(column);
            perColumn[column] = (own ?? new ColumnDriftOptions()) with { Kind = own?.Kind ?? kind };
        }

        var columns = (options.Columns ?? [.. Kinds.Keys]).Where(c => c switch { "input" => input, "output" => output, _ => true }).ToList();
        return options with { PerColumn = perColumn, Columns = columns };
    }

    private static Finding Make(
        IReadOnlyDictionary<string, string> subject, string statistic, FindingState state, double? value, double? threshold,
        TimeRange reference, TimeRange current, string explanation, string incidentClass, IReadOnlyList<string> examples) => new()
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
            IncidentClass = incidentClass,
            ExampleTraceIds = examples,
        };
}
