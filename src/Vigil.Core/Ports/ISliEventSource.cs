using Vigil.Core.Slos;

namespace Vigil.Core.Ports;

/// <summary>
/// Where SLO evaluation reads its events: the spans and evaluation results committed after a given
/// batch, in commit order, so that each is read exactly once however late it arrived.
/// </summary>
public interface ISliEventSource
{
    /// <summary>
    /// The spans and evaluations of the batches committed after <paramref name="afterBatch"/> (all
    /// projects), whole batches only, stopping once about <paramref name="maxRows"/> rows are read
    /// (at least one batch); only those that started (spans) or were recorded (evaluations) at or after
    /// <paramref name="sinceUnixNano"/>. <see cref="SliEventPage.LastBatch"/> is the cursor for the
    /// next call; it equals <paramref name="afterBatch"/> when nothing new was committed.
    /// </summary>
    Task<SliEventPage> ReadSliEventsAsync(long afterBatch, long sinceUnixNano, int maxRows, CancellationToken cancellationToken);
}

/// <summary>One page of SLI events and the last batch it covers.</summary>
public sealed record SliEventPage(IReadOnlyList<SliSpan> Spans, IReadOnlyList<SliEvaluation> Evaluations, long LastBatch)
{
    public bool IsEmpty => Spans.Count == 0 && Evaluations.Count == 0;
}
