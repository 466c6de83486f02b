namespace Vigil.Core.Slos;

/// <summary>
/// Sums the cost of each task (a trace rooted in the SLI's feature) over the spans that arrive for it,
/// and decides the task once its root span is in and nothing more came for <see cref="Settle"/>:
/// children usually end (and are exported) before their root, stragglers within the settle time
/// still count. Spans of a trace whose root never arrives are forgotten after <see cref="Abandon"/>.
/// </summary>
public sealed class TaskCostTracker(SliDefinition sli, TimeSpan settle, TimeSpan abandon)
{
    private readonly Dictionary<string, OpenTask> _open = new(StringComparer.Ordinal);

    public TaskCostTracker(SliDefinition sli)
        : this(sli, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10))
    {
    }

    public TimeSpan Settle { get; } = settle;
    public TimeSpan Abandon { get; } = abandon;

    /// <summary>Tasks still waiting for their root span or their settle time.</summary>
    public int OpenTasks => _open.Count;

    /// <summary>Adds a span's cost to its task, <paramref name="now"/> being when Vigil saw it.</summary>
    public void Observe(SliSpan span, DateTimeOffset now)
    {
        if (!string.Equals(span.Feature, sli.Scope.Feature, StringComparison.Ordinal))
        {
            return;
        }

        if (!_open.TryGetValue(span.TraceId, out var task))
        {
            task = new OpenTask();
            _open[span.TraceId] = task;
        }

        task.Cost += span.Cost ?? 0m;
        task.LastSeen = now;
        if (span.IsRoot)
        {
            task.RootStartUnixNano = span.StartUnixNano;
            task.RootMatches = sli.Scope.Matches(span);
        }
    }

    /// <summary>The tasks decided at <paramref name="now"/>: root start and whether the cost stayed within the band.</summary>
    public IReadOnlyList<TaskOutcome> Close(DateTimeOffset now)
    {
        var decided = new List<TaskOutcome>();
        var done = new List<string>();
        foreach (var (traceId, task) in _open)
        {
            var quiet = now - task.LastSeen;
            if (task.RootStartUnixNano is { } start && quiet >= Settle)
            {
                if (task.RootMatches)
                {
                    decided.Add(new TaskOutcome(start, task.Cost, task.Cost <= sli.CostThreshold!.Value));
                }

                done.Add(traceId);
            }
            else if (quiet >= Abandon)
            {
                done.Add(traceId);
            }
        }

        foreach (var traceId in done)
        {
            _open.Remove(traceId);
        }

        return decided;
    }

    private sealed class OpenTask
    {
        public decimal Cost { get; set; }
        public DateTimeOffset LastSeen { get; set; }
        public long? RootStartUnixNano { get; set; }
        public bool RootMatches { get; set; }
    }
}

/// <summary>One decided task of a cost-per-task SLI.</summary>
public readonly record struct TaskOutcome(long StartUnixNano, decimal Cost, bool Good);
