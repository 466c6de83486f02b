using Vigil.Core.Ports;
using Vigil.Core.Spans;

namespace Vigil.Server.Evaluation;

/// <summary>
/// Commits online evaluation results. They go to the store in one transaction of their own rather than
/// through the <c>TelemetryWriteQueue</c>: a journaled queue takes only what the ingest journal can
/// replay (OTLP trace and metrics exports), and an evaluation result is neither. A result counts once
/// <see cref="ITelemetryStore.AppendAsync"/> returns, i.e. once it is committed — durable as an ingested
/// span is after its commit. The store serialises this append with the writer's commits and numbers it
/// as a batch of its own (journal sequence 0 leaves the journal watermark alone), so the SLO engine
/// reads it by its cursor like any other batch.
/// </summary>
internal static class OnlineResultWriter
{
    public static Task WriteAsync(ITelemetryStore store, IReadOnlyList<EvaluationResult> evaluations, CancellationToken cancellationToken) =>
        store.AppendAsync(new TelemetryBatch { Evaluations = evaluations }, cancellationToken);
}
