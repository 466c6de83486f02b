using System.Diagnostics;
using OpenTelemetry;

namespace Vigil.Simulator.Telemetry;

/// <summary>
/// An export processor whose <c>ForceFlush</c> means "acknowledged": ended spans wait in memory,
/// and a flush exports them all as one request, on the calling thread, returning whether the
/// exporter succeeded. The SDK's own batch and simple processors drop the export result (a refused
/// batch is only logged), so with them a successful flush would say nothing about Vigil having the
/// spans. Only spans of the sink's own source are taken: another sink in the same process has an
/// <see cref="ActivitySource"/> of the same name, and every provider listening to that name sees its spans.
/// </summary>
internal sealed class AcknowledgedExportProcessor : BaseExportProcessor<Activity>
{
    private readonly ActivitySource _source;
    private readonly Lock _lock = new();
    private List<Activity> _pending = [];

    public AcknowledgedExportProcessor(BaseExporter<Activity> exporter, ActivitySource source)
        : base(exporter)
    {
        _source = source;
    }

    /// <summary>Spans in the last flush's export.</summary>
    public int LastExportCount { get; private set; }

    protected override void OnExport(Activity data)
    {
        if (!ReferenceEquals(data.Source, _source))
        {
            return;
        }

        lock (_lock)
        {
            _pending.Add(data);
        }
    }

    /// <summary>Exports everything pending; true when the exporter reported success (or nothing was pending).</summary>
    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        List<Activity> pending;
        lock (_lock)
        {
            pending = _pending;
            _pending = [];
        }

        LastExportCount = pending.Count;
        if (pending.Count == 0)
        {
            return true;
        }

        using var batch = new Batch<Activity>([.. pending], pending.Count);
        return exporter.Export(batch) == ExportResult.Success && exporter.ForceFlush(timeoutMilliseconds);
    }
}
