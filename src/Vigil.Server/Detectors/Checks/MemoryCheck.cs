using Vigil.Core.Detection;
using Vigil.Core.Queries;
using Vigil.Detectors;
using Vigil.Detectors.Memory;

namespace Vigil.Server.Detectors.Checks;

/// <summary>
/// Memory bloat of each RAG index from its OTLP metrics over the history, one sample per step: size and vector
/// count (gauges), documents added (the rise of the document gauge) and re-embedded vectors (the rise of the
/// cumulative counter; a reset counts its new value). Findings name the feature the metrics came from.
/// </summary>
internal sealed class MemoryCheck(MemoryDetectorSettings settings) : IDetectorCheck
{
    private readonly MemoryBloatDetector _detector = new(settings.Options);

    public string Name => MemoryBloatDetector.Detector;

    public TimeSpan Interval => settings.Step;

    public async Task<IReadOnlyList<Finding>> RunAsync(DetectorContext context, CancellationToken cancellationToken)
    {
        var to = Floor(context.Now, settings.Step);
        var points = await context.Source.ReadIndexPointsAsync(new IndexPointQuery
        {
            ProjectId = context.ProjectId,
            Range = new TimeRange(to - settings.History, to),
            Step = settings.Step,
            IndexAttribute = settings.IndexAttribute,
            DocumentsMetric = settings.DocumentsMetric,
            VectorsMetric = settings.VectorsMetric,
            SizeMetric = settings.SizeMetric,
            EmbeddingsMetric = settings.EmbeddingsMetric,
        }, cancellationToken);
        var findings = new List<Finding>();
        foreach (var index in points.GroupBy(p => p.Index, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var series = Samples([.. index.OrderBy(p => p.StepEnd)]);
            var feature = index.Select(p => p.Feature).LastOrDefault(f => f is not null);
            findings.AddRange(_detector.Evaluate(index.Key, series).Select(f => feature is null ? f : f with
            {
                Subject = Finding.Labels([.. f.Subject.Select(l => (l.Key, (string?)l.Value)), ("feature", feature)]),
            }));
        }

        return findings;
    }

    /// <summary>Samples from successive points: gauges carried forward over steps without a point, counters as rises.</summary>
    internal static IReadOnlyList<IndexSample> Samples(IReadOnlyList<IndexPoint> points)
    {
        var samples = new List<IndexSample>();
        double? documents = null, vectors = null, size = null, embedded = null;
        foreach (var point in points)
        {
            var added = point.Documents is { } d && documents is { } before ? Math.Max(0, d - before) : 0;
            var reembedded = point.EmbeddingsTotal is { } e && embedded is { } was ? (e >= was ? e - was : e) : 0;
            documents = point.Documents ?? documents;
            vectors = point.Vectors ?? vectors;
            size = point.SizeBytes ?? size;
            embedded = point.EmbeddingsTotal ?? embedded;
            if (vectors is null && size is null)
            {
                continue;
            }

            samples.Add(new IndexSample(point.StepEnd, (long)(size ?? 0), (long)(vectors ?? 0), (long)added, (long)reembedded));
        }

        return samples;
    }

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan step) =>
        new(time.UtcTicks - (time.UtcTicks % step.Ticks), TimeSpan.Zero);
}
