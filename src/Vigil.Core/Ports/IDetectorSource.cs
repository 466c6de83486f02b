using Vigil.Core.Detection;
using Vigil.Core.Queries;

namespace Vigil.Core.Ports;

/// <summary>
/// The windows detectors compare, read from raw spans, evaluations and metric points of one project.
/// Every range is half-open [From, To) on span start (evaluations: their time; metric points: their time).
/// Implementations aggregate in the store and return small results: rows per hour, per group or per trace,
/// never raw spans.
/// </summary>
public interface IDetectorSource
{
    /// <summary>LLM usage per hour and per value of the query's dimensions (cost anomalies and their decomposition).</summary>
    Task<IReadOnlyList<UsageHour>> ReadUsageAsync(UsageQuery query, CancellationToken cancellationToken);

    /// <summary>Per provider, model and hour: tokens and cost of the calls whose span reported what the vendor billed.</summary>
    Task<IReadOnlyList<BilledHour>> ReadBilledAsync(string projectId, TimeRange range, CancellationToken cancellationToken);

    /// <summary>Steps (LLM and tool spans) of each trace of a feature whose root started in the range.</summary>
    Task<IReadOnlyList<TraceStepCount>> ReadTraceStepsAsync(string projectId, string feature, TimeRange range, CancellationToken cancellationToken);

    /// <summary>Per provider and model: calls, errors, latency and time-to-first-token quantiles, mean quality.</summary>
    Task<IReadOnlyList<VendorStats>> ReadVendorStatsAsync(VendorStatsQuery query, CancellationToken cancellationToken);

    /// <summary>Per period and segment of one feature's root spans (and the whole, <see cref="SegmentStats.Segment"/> null).</summary>
    Task<IReadOnlyList<SegmentStats>> ReadSegmentStatsAsync(SegmentStatsQuery query, CancellationToken cancellationToken);

    /// <summary>Per feature: root spans in the range and, per required attribute, how many lack it.</summary>
    Task<IReadOnlyList<AuditCounts>> ReadAuditCountsAsync(string projectId, TimeRange range, IReadOnlyList<string> attributes, CancellationToken cancellationToken);

    /// <summary>Per index and step: the last value of each RAG index metric in the step.</summary>
    Task<IReadOnlyList<IndexPoint>> ReadIndexPointsAsync(IndexPointQuery query, CancellationToken cancellationToken);

    /// <summary>The projects with at least one span in the range, in order.</summary>
    Task<IReadOnlyList<string>> ReadProjectsAsync(TimeRange range, CancellationToken cancellationToken);

    /// <summary>A deterministic sample of one feature's traces in the range (per trace: root text, summed usage, root latency).</summary>
    Task<IReadOnlyList<TraceSample>> ReadTraceSampleAsync(string projectId, string feature, TimeRange range, int limit, CancellationToken cancellationToken);
}
