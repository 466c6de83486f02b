using Vigil.Core.Detection;
using Vigil.Core.Queries;
using static System.FormattableString;

namespace Vigil.Detectors.Compliance;

/// <summary>Thresholds of <see cref="AuditGapDetector"/>.</summary>
public sealed record AuditGapOptions
{
    /// <summary>An attribute alerts when more than this share of the feature's spans lack it.</summary>
    public double MaxMissingShare { get; init; } = 0.01;

    /// <summary>Spans the feature needs in the current window to be judged.</summary>
    public int MinimumSpans { get; init; } = 100;
}

/// <summary>
/// <c>audit_gap</c>: for each feature of the current window and each required attribute (user, release, prompt version,
/// …), the share of spans that lack it (statistic <c>missing_share</c>). Alert above <see cref="AuditGapOptions.MaxMissingShare"/>;
/// the explanation says whether the gap is <b>new</b> (the baseline share was at most the threshold, or there was no
/// baseline with enough spans) or <b>persisting</b>. Below the minimum spans: InsufficientData, one finding per attribute.
/// </summary>
public sealed class AuditGapDetector(AuditGapOptions? options = null)
{
    public const string Detector = "audit_gap";

    private readonly AuditGapOptions _options = options ?? new AuditGapOptions();

    public IReadOnlyList<Finding> Evaluate(
        IEnumerable<AuditCounts> baseline, IEnumerable<AuditCounts> current, IReadOnlyList<string> requiredAttributes,
        TimeRange referenceRange, TimeRange currentRange)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(requiredAttributes);
        var before = baseline.ToDictionary(c => c.Feature, StringComparer.Ordinal);
        var findings = new List<Finding>();
        foreach (var feature in current.OrderBy(c => c.Feature, StringComparer.Ordinal))
        {
            before.TryGetValue(feature.Feature, out var reference);
            foreach (var attribute in requiredAttributes)
            {
                findings.Add(Judge(feature, reference, attribute, referenceRange, currentRange));
            }
        }

        return findings;
    }

    private Finding Judge(AuditCounts current, AuditCounts? reference, string attribute, TimeRange referenceRange, TimeRange currentRange)
    {
        var subject = Finding.Labels(("feature", current.Feature), ("attribute", attribute));
        if (current.Spans < _options.MinimumSpans)
        {
            return Make(subject, FindingState.InsufficientData, null, referenceRange, currentRange,
                Invariant($"feature {current.Feature}: {current.Spans} spans in the window; at least {_options.MinimumSpans} are needed to judge '{attribute}'"));
        }

        var missing = current.Missing.GetValueOrDefault(attribute);
        var share = (double)missing / current.Spans;
        var text = Invariant($"feature {current.Feature}: {missing} of {current.Spans} spans ({share * 100:0.##}%) lack '{attribute}'");
        if (share <= _options.MaxMissingShare)
        {
            return Make(subject, FindingState.Ok, share, referenceRange, currentRange,
                text + Invariant($", within the {_options.MaxMissingShare * 100:0.##}% allowed"));
        }

        string history;
        if (reference is null || reference.Spans < _options.MinimumSpans)
        {
            history = Invariant($"new: the baseline has {reference?.Spans ?? 0} spans of this feature, too few to say it was complete");
        }
        else
        {
            var before = reference.Missing.GetValueOrDefault(attribute);
            var beforeShare = (double)before / reference.Spans;
            history = Invariant($"{(beforeShare <= _options.MaxMissingShare ? "new" : "persisting")}: the baseline had {beforeShare * 100:0.##}% ({before} of {reference.Spans})");
        }

        return Make(subject, FindingState.Alert, share, referenceRange, currentRange,
            text + Invariant($", above the {_options.MaxMissingShare * 100:0.##}% allowed; {history}"));
    }

    private Finding Make(IReadOnlyDictionary<string, string> subject, FindingState state, double? share, TimeRange reference, TimeRange current, string explanation) => new()
    {
        Detector = Detector,
        Subject = subject,
        State = state,
        Statistic = "missing_share",
        Value = share,
        Threshold = _options.MaxMissingShare,
        Reference = reference,
        Current = current,
        Explanation = explanation,
        IncidentClass = "audit_gap",
    };
}
