using Vigil.Core.Queries;

namespace Vigil.Detectors.Cost;

/// <summary>The four factors of cost per hour = traffic × calls per task × tokens per call × USD per token.</summary>
public enum CostFactor
{
    /// <summary>Tasks (root traces) per hour.</summary>
    Traffic,

    /// <summary>LLM calls per task.</summary>
    CallsPerTask,

    /// <summary>Tokens (input + output) per call.</summary>
    TokensPerCall,

    /// <summary>USD per token.</summary>
    PricePerToken,
}

/// <summary>One factor in both windows: its ratio, its log-change and its share of the total log-change.</summary>
public sealed record FactorChange(CostFactor Factor, double Baseline, double Current, double LogChange, double Share)
{
    public double Ratio => Current / Baseline;
}

/// <summary>
/// The dimension value that carries the moved factor: its part of the factor's extra numerator
/// (<see cref="Share"/>, among the values that added to it) against its part of the baseline (<see cref="BaselineShare"/>).
/// </summary>
public sealed record CostCarrier(string Dimension, string Value, double Extra, double Share, double BaselineShare, bool New)
{
    /// <summary>How much more of the change it carries than of the baseline: 0 for a change spread in proportion.</summary>
    public double Lift => Share - BaselineShare;
}

/// <summary>The decomposition of one subject's cost change; the factors' log-changes sum to <see cref="TotalLogChange"/>.</summary>
public sealed record CostDecompositionResult(
    double BaselineCostPerHour, double CurrentCostPerHour, double TotalLogChange,
    IReadOnlyList<FactorChange> Factors, CostFactor Dominant, CostCarrier? Carrier,
    IReadOnlyList<CostCarrier> AlsoCarriedBy, string Explanation)
{
    public double RelativeChange => (CurrentCostPerHour / BaselineCostPerHour) - 1;

    public FactorChange this[CostFactor factor] => Factors.Single(f => f.Factor == factor);
}

/// <summary>
/// Splits a cost change exactly into traffic, calls per task, tokens per call and USD per token
/// (ln of the cost ratio = the sum of the factors' ln ratios), names the factor with the largest share and the
/// breakdown value (prompt version, model, team, release) whose own change carries it.
/// </summary>
public static class CostDecomposition
{
    /// <summary>A carrier is named only when its share of the change exceeds its share of the baseline by this much.</summary>
    public const double DefaultMinimumLift = 0.25;

    /// <summary>
    /// Compares <paramref name="current"/> with <paramref name="baseline"/> (hourly rows; traffic is tasks per hour of
    /// each window's length). Null, with <paramref name="insufficient"/> saying why, when a window has no tasks, calls,
    /// tokens or cost (a log-change needs positive numbers on both sides).
    /// </summary>
    public static CostDecompositionResult? Decompose(
        string name,
        IReadOnlyCollection<CostHour> baseline, TimeRange baselineRange,
        IReadOnlyCollection<CostHour> current, TimeRange currentRange,
        IReadOnlyCollection<CostBreakdownRow>? breakdown, out string? insufficient,
        double minimumLift = DefaultMinimumLift)
    {
        ArgumentNullException.ThrowIfNull(baselineRange);
        ArgumentNullException.ThrowIfNull(currentRange);
        var b = Totals.Of(baseline.Where(h => In(h.HourStart, baselineRange)).Select(h => (h.Tasks, h.Calls, h.Tokens, h.CostUsd)), baselineRange.Length.TotalHours);
        var c = Totals.Of(current.Where(h => In(h.HourStart, currentRange)).Select(h => (h.Tasks, h.Calls, h.Tokens, h.CostUsd)), currentRange.Length.TotalHours);
        insufficient = b.Missing("the baseline window") ?? c.Missing("the current window");
        if (insufficient is not null)
        {
            return null;
        }

        var total = Math.Log(c.CostPerHour / b.CostPerHour);
        var factors = new List<FactorChange>();
        foreach (var factor in Enum.GetValues<CostFactor>())
        {
            var (bv, cv) = (b.Factor(factor), c.Factor(factor));
            var log = Math.Log(cv / bv);
            factors.Add(new FactorChange(factor, bv, cv, log, total == 0 ? double.NaN : log / total));
        }

        // The factor that moved: the largest share of the change (the largest |log-change| when cost did not move).
        var dominant = (total == 0 ? factors.MaxBy(f => Math.Abs(f.LogChange)) : factors.MaxBy(f => f.Share))!.Factor;
        var carriers = breakdown is null
            ? []
            : Carriers(dominant, breakdown, baselineRange, b, currentRange, c).Where(x => x.Lift >= minimumLift).OrderByDescending(x => x.Lift).ThenByDescending(x => x.Extra).ToList();
        var carrier = carriers.FirstOrDefault();
        var also = carrier is null ? [] : carriers.Skip(1).Where(x => x.Dimension != carrier.Dimension && x.Lift >= carrier.Lift - 0.05).ToList();

        var d = factors.Single(f => f.Factor == dominant);
        var explanation = FormattableString.Invariant(
            $"{name} cost {CostText.Change((c.CostPerHour / b.CostPerHour) - 1)} ({CostText.Usd(b.CostPerHour)} → {CostText.Usd(c.CostPerHour)}/h): {Describe(dominant)} ×{CostText.Number(d.Ratio)} ({(double.IsNaN(d.Share) ? "cost unchanged" : CostText.Percent(d.Share) + " of the change")})");
        explanation += carrier is null
            ? breakdown is null ? "" : ", spread across the breakdown (no single value carries it)"
            : FormattableString.Invariant($", carried by {string.Join(" and ", also.Prepend(carrier).Select(Carrier))} ({CostText.Percent(carrier.Share)} of the extra {Unit(dominant)})");
        return new CostDecompositionResult(b.CostPerHour, c.CostPerHour, total, factors, dominant, carrier, also, explanation);
    }

    public static string Describe(CostFactor factor) => factor switch
    {
        CostFactor.Traffic => "traffic (tasks per hour)",
        CostFactor.CallsPerTask => "calls per task",
        CostFactor.TokensPerCall => "tokens per call",
        _ => "price per token",
    };

    private static string Unit(CostFactor factor) => factor switch
    {
        CostFactor.Traffic => "tasks",
        CostFactor.CallsPerTask => "calls",
        CostFactor.TokensPerCall => "tokens",
        _ => "cost at the baseline price",
    };

    private static string Carrier(CostCarrier c) => c.Dimension + " " + c.Value + (c.New ? " [new]" : "");

    /// <summary>
    /// For the factor numerator N over denominator D (tasks/hours, calls/tasks, tokens/calls, cost/tokens), a value v
    /// adds Extra_v = N_cur,v − D_cur · N_base,v / D_base: what it has now beyond what its baseline rate would give at
    /// today's denominator. The extras of one dimension sum to the factor's whole extra; a value's share is its extra
    /// over the sum of the positive extras of its dimension.
    /// </summary>
    private static IEnumerable<CostCarrier> Carriers(
        CostFactor factor, IReadOnlyCollection<CostBreakdownRow> rows, TimeRange baselineRange, Totals b, TimeRange currentRange, Totals c)
    {
        foreach (var dimension in rows.GroupBy(r => r.Dimension, StringComparer.Ordinal))
        {
            var byValue = dimension.GroupBy(r => r.Value, StringComparer.Ordinal).Select(g =>
            {
                var bv = Totals.Of(g.Where(r => In(r.HourStart, baselineRange)).Select(r => (r.Tasks, r.Calls, r.Tokens, r.CostUsd)), b.Hours);
                var cv = Totals.Of(g.Where(r => In(r.HourStart, currentRange)).Select(r => (r.Tasks, r.Calls, r.Tokens, r.CostUsd)), c.Hours);
                var extra = cv.Numerator(factor) - (c.Denominator(factor) * bv.Numerator(factor) / b.Denominator(factor));
                return (Value: g.Key, Extra: extra, BaselineShare: bv.Numerator(factor) / b.Numerator(factor), New: bv.Tasks + bv.Calls + bv.Tokens == 0 && bv.Cost == 0);
            }).ToList();
            var moved = byValue.Where(v => Math.Sign(v.Extra) == Math.Sign(c.Numerator(factor) - (c.Denominator(factor) * b.Numerator(factor) / b.Denominator(factor))) && v.Extra != 0).ToList();
            var sum = moved.Sum(v => v.Extra);
            foreach (var v in moved)
            {
                yield return new CostCarrier(dimension.Key, v.Value, v.Extra, v.Extra / sum, v.BaselineShare, v.New);
            }
        }
    }

    private static bool In(DateTimeOffset t, TimeRange range) => t >= range.From && t < range.To;

    private readonly record struct Totals(double Tasks, double Calls, double Tokens, double Cost, double Hours)
    {
        public double CostPerHour => Cost / Hours;

        public static Totals Of(IEnumerable<(long Tasks, long Calls, long Tokens, double Cost)> rows, double hours)
        {
            var (t, c, k, usd) = (0.0, 0.0, 0.0, 0.0);
            foreach (var r in rows)
            {
                (t, c, k, usd) = (t + r.Tasks, c + r.Calls, k + r.Tokens, usd + r.Cost);
            }

            return new Totals(t, c, k, usd, hours);
        }

        public double Numerator(CostFactor f) => f switch
        {
            CostFactor.Traffic => Tasks,
            CostFactor.CallsPerTask => Calls,
            CostFactor.TokensPerCall => Tokens,
            _ => Cost,
        };

        public double Denominator(CostFactor f) => f switch
        {
            CostFactor.Traffic => Hours,
            CostFactor.CallsPerTask => Tasks,
            CostFactor.TokensPerCall => Calls,
            _ => Tokens,
        };

        public double Factor(CostFactor f) => Numerator(f) / Denominator(f);

        public string? Missing(string window) =>
            Hours <= 0 ? window + " is empty"
            : Tasks <= 0 ? window + " has no tasks"
            : Calls <= 0 ? window + " has no LLM calls"
            : Tokens <= 0 ? window + " has no tokens"
            : Cost <= 0 ? window + " has no cost"
            : null;
    }
}
