using Vigil.Core.Projects;

namespace Vigil.Core.Slos;

/// <summary>A service-level objective: an SLI, the share of good events it promises over a period, how the budget is counted and how it alerts.</summary>
public sealed record SloDefinition
{
    public required string Name { get; init; }
    public string Project { get; init; } = ProjectIds.Default;
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
    public required SliDefinition Indicator { get; init; }

    /// <summary>The target share of good events (or good slices), strictly between 0 and 1, e.g. 0.999.</summary>
    public required double Objective { get; init; }

    public required SloTimeWindow Window { get; init; }
    public BudgetingMethod Method { get; init; } = BudgetingMethod.Occurrences;

    /// <summary>Timeslices and RatioTimeslices: the slice length, a whole number of minutes.</summary>
    public TimeSpan SliceDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Timeslices: the ratio a slice must reach to be good.</summary>
    public double? SliceTarget { get; init; }

    public SloAlerting Alerting { get; init; } = new();

    public string Feature => Indicator.Scope.Feature;

    /// <summary>How far back the SLI's per-minute history must reach: the period, or the longest alert window if longer.</summary>
    public TimeSpan Horizon
    {
        get
        {
            var pairs = Alerting.PairsFor(Window.MaxDuration);
            var longest = pairs.Count == 0 ? TimeSpan.Zero : pairs.Max(p => p.LongWindow);
            return (longest > Window.MaxDuration ? longest : Window.MaxDuration) + SliceDuration;
        }
    }

    /// <summary>Every problem, each naming its field (relative to the SLO); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!SloNames.IsValid(Name))
        {
            errors.Add($"name: '{Name}' must be 1–63 lower-case letters, digits or '-', starting with a letter");
        }

        if (!ProjectIds.IsValid(Project))
        {
            errors.Add($"project: '{Project}' is not a valid project id");
        }

        if (!(Objective > 0 && Objective < 1))
        {
            errors.Add($"objective: {Objective} must be strictly between 0 and 1 (99.9 % is 0.999)");
        }

        errors.AddRange(Indicator.Validate().Select(e => "indicator." + e));
        if (Method != BudgetingMethod.Occurrences)
        {
            if (SliceDuration < TimeSpan.FromMinutes(1) || SliceDuration.Ticks % TimeSpan.TicksPerMinute != 0)
            {
                errors.Add("timeSliceWindow: must be a whole number of minutes");
            }
            else if (SliceDuration > Window.MaxDuration)
            {
                errors.Add("timeSliceWindow: must not be longer than the period");
            }
        }

        if (Method == BudgetingMethod.Timeslices && SliceTarget is not (> 0 and <= 1))
        {
            errors.Add("timeSliceTarget: a Timeslices SLO needs a slice target in (0, 1]");
        }

        if (Alerting.MinimumEvents < 0)
        {
            errors.Add("alerting.minimumEvents: must not be negative");
        }

        if (Alerting.PendingFor < TimeSpan.Zero)
        {
            errors.Add("alerting.for: must not be negative");
        }

        if (Alerting.BudgetExhaustedSeverity is not (BurnWindowPair.Page or BurnWindowPair.Ticket))
        {
            errors.Add($"alerting.budgetExhausted.severity: '{Alerting.BudgetExhaustedSeverity}' is not page or ticket");
        }

        if (Alerting.Pairs is { } pairs)
        {
            errors.AddRange(pairs.SelectMany((p, i) => p.Validate($"alerting.pairs[{i}]")));
        }

        return errors;
    }
}

/// <summary>SLO names: what URLs, metric labels and file names can carry unchanged.</summary>
public static class SloNames
{
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 63 && name[0] is >= 'a' and <= 'z'
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
