using System.Globalization;
using Vigil.Simulator.Application;
using Vigil.Simulator.Scenarios;

namespace Vigil.Simulator.Faults;

/// <summary>
/// A scenario's faults over simulated time. Faults that are releases (model, prompt, index, routing
/// changes) become deploys of a new release at <c>at</c> — and of a fix at <c>until</c>; the others
/// shape each call through <see cref="EffectsFor"/> while they are active.
/// </summary>
public sealed class FaultSchedule(IReadOnlyList<FaultSpec> faults, DateTimeOffset start)
{
    private static readonly HashSet<string> ReleaseKinds = ["model_change", "prompt_regression", "prompt_token_inflation", "index_regression", "routing_misconfig"];

    public IReadOnlyList<FaultSpec> Faults => faults;

    /// <summary>The deploys that fall in [from, to), in time order, built on the feature's active release.</summary>
    public IEnumerable<(DateTimeOffset At, string Feature, Func<Release, Release> Change, string Reason)> ReleaseChanges(DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var fault in faults.Where(f => ReleaseKinds.Contains(f.Kind)))
        {
            var feature = fault.Text("feature")!;
            var at = start + fault.At;
            if (at >= from && at < to)
            {
                yield return (at, feature, r => Apply(fault, r), DeployReason(fault.Kind));
            }

            if (fault.Until is { } until && start + until >= from && start + until < to)
            {
                yield return (start + until, feature, r => Fix(fault, r), DeployReason(fault.Kind));
            }
        }
    }

    /// <summary>
    /// The reason a fault's deploy (and its fix) gives, worded as a team's routine deploy of the same axis
    /// would be: the reason reaches Vigil's audit log and deploy markers, and must not tell Vigil which
    /// deploy is the fault (the diagnosis has to find out from the telemetry).
    /// </summary>
    internal static string DeployReason(string kind) => kind switch
    {
        "model_change" => "model update",
        "index_regression" => "index update",
        "routing_misconfig" => "routing update",
        _ => "prompt revision",
    };

    /// <summary>The effects on a call of <paramref name="feature"/> served by <paramref name="route"/> for a user of <paramref name="segment"/>.</summary>
    public Effects EffectsFor(DateTimeOffset now, string feature, Route route, string segment)
    {
        var effects = new Effects();
        var offset = now - start;
        foreach (var fault in faults)
        {
            if (!fault.IsActive(offset) || ReleaseKinds.Contains(fault.Kind))
            {
                continue;
            }

            var forFeature = fault.Text("feature") == feature;
            var forProvider = fault.Text("provider") == route.Provider && (fault.Text("model") is null || fault.Text("model") == route.Model);
            switch (fault.Kind)
            {
                case "quality_drift" when forFeature && route.Provider == VendorOf(feature):
                    effects.QualityDrop += fault.Number("drop", 0.3) * Ramp(fault, offset);
                    break;
                case "agent_loop" when forFeature:
                    effects.AgentStepsFactor *= fault.Number("steps_factor", 5);
                    break;
                case "vendor_reprice" when forProvider:
                    effects.PriceFactor *= fault.Number("factor", 2);
                    break;
                case "hallucination_wave" when forFeature && route.Provider == VendorOf(feature):
                    effects.HallucinationRate = Math.Max(effects.HallucinationRate, fault.Number("rate", 0.3));
                    break;
                case "input_shift" when forFeature:
                    effects.InputShiftShare = fault.Number("share", 0.6);
                    effects.InputPool = fault.Text("pool") ?? fault.Text("mix") ?? "off-topic";
                    break;
                case "vendor_outage" when fault.Text("provider") == route.Provider:
                    effects.ErrorRate = Math.Max(effects.ErrorRate, fault.Number("error_rate", 0.3));
                    effects.TimeoutRate = Math.Max(effects.TimeoutRate, fault.Number("timeout_rate", 0));
                    break;
                case "vendor_latency" when fault.Text("provider") == route.Provider:
                    effects.LatencyFactor *= fault.Number("factor", 3);
                    break;
                case "cache_degradation" when forFeature:
                    effects.CacheHitRate = fault.Number("hit_rate", 0.02);
                    break;
                case "segment_bias" when forFeature && fault.Text("segment") == segment:
                    effects.QualityDrop += fault.Number("quality_drop", 0.3);
                    effects.RefusalRate += fault.Number("quality_drop", 0.3) / 2;
                    break;
                case "audit_gap" when forFeature:
                    effects.MissingAttributes = [.. (fault.Text("missing") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    effects.MissingShare = fault.Number("share", 1);
                    break;
            }
        }

        effects.QualityDrop = Math.Clamp(effects.QualityDrop, 0, 1);
        return effects;
    }

    /// <summary>The growth of an index's size at <paramref name="now"/> (1 when no <c>index_bloat</c> is active), and its re-embedding rate per hour.</summary>
    public (double SizeFactor, double ReembedPerHour) IndexState(DateTimeOffset now, string index)
    {
        var offset = now - start;
        foreach (var fault in faults.Where(f => f.Kind == "index_bloat" && f.Text("index") == index && offset >= f.At))
        {
            var active = fault.IsActive(offset);
            var elapsed = ((fault.Until is { } until && offset > until ? until : offset) - fault.At).TotalHours;
            var growth = fault.Number("growth_factor", 3);
            var span = Math.Max(1 / 60.0, ((fault.Until ?? fault.At + TimeSpan.FromDays(1)) - fault.At).TotalHours);
            return (1 + ((growth - 1) * Math.Min(1, elapsed / span)), active ? fault.Number("reembed", 50) : 0);
        }

        return (1, 0);
    }

    /// <summary>
    /// The vendor a vendor-side fault of a feature (quality drift, hallucination wave) hits: the
    /// provider of the feature's initial primary route. Failing over to the other provider escapes it.
    /// </summary>
    private static string VendorOf(string feature) => InitialReleases.All.First(r => r.Feature == feature).Primary.Provider;

    private static double Ramp(FaultSpec fault, TimeSpan offset)
    {
        if (fault.Text("ramp") is not { } text || !Core.Text.Durations.TryParse(text, out var ramp) || ramp <= TimeSpan.Zero)
        {
            return 1;
        }

        return Math.Min(1, (offset - fault.At) / ramp);
    }

    private static Release Apply(FaultSpec fault, Release release)
    {
        var next = NextId(release);
        return fault.Kind switch
        {
            "model_change" => release with
            {
                Id = next,
                Model = Route(fault.Text("to_model")!),
                Routing = release.Routing with { Version = Bump(release.Routing.Version), Primary = Route(fault.Text("to_model")!) },
                ModelQualityDrop = fault.Number("quality_drop", 0.15),
            },
            "prompt_regression" => release with { Id = next, Prompt = new PromptAxis(Bump(release.Prompt.Version), QualityDrop: fault.Number("quality_drop", 0.3), release.Prompt.InputTokenFactor) },
            "prompt_token_inflation" => release with { Id = next, Prompt = new PromptAxis(Bump(release.Prompt.Version), release.Prompt.QualityDrop, fault.Number("factor", 2)) },
            "index_regression" => release with
            {
                Id = next,
                Index = (release.Index ?? new IndexAxis(Catalog.SupportIndex, "v1")) with { Version = Bump(release.Index?.Version ?? "v1"), CitationErrorRate = fault.Number("citation_error_rate", 0.4) },
            },
            "routing_misconfig" => release with { Id = next, Routing = release.Routing with { Version = Bump(release.Routing.Version), Primary = Route(fault.Text("to_model")!) } },
            _ => release,
        };
    }

    /// <summary>The fix: a new release with the faulty axis's effect gone (a new version, as a real fix would be).</summary>
    private static Release Fix(FaultSpec fault, Release release)
    {
        var initial = InitialReleases.All.First(r => r.Feature == release.Feature);
        var next = NextId(release);
        return fault.Kind switch
        {
            "model_change" => release with { Id = next, Model = initial.Model, Routing = release.Routing with { Version = Bump(release.Routing.Version), Primary = initial.Routing.Primary }, ModelQualityDrop = 0 },
            "prompt_regression" or "prompt_token_inflation" => release with { Id = next, Prompt = new PromptAxis(Bump(release.Prompt.Version)) },
            "index_regression" => release with { Id = next, Index = release.Index! with { Version = Bump(release.Index!.Version), CitationErrorRate = 0 } },
            "routing_misconfig" => release with { Id = next, Routing = release.Routing with { Version = Bump(release.Routing.Version), Primary = initial.Routing.Primary } },
            _ => release,
        };
    }

    private static Route Route(string model) => new(Catalog.Model(model).Provider, model);

    /// <summary>"support-chat-r3" → "support-chat-r4".</summary>
    public static string NextId(Release release) => $"{release.Feature}-r{Number(release.Id[(release.Id.LastIndexOf('r') + 1)..]) + 1}";

    /// <summary>"p3" → "p4", "v12" → "v13", "rt1" → "rt2".</summary>
    public static string Bump(string version)
    {
        var digits = version.Length;
        while (digits > 0 && char.IsAsciiDigit(version[digits - 1]))
        {
            digits--;
        }

        return version[..digits] + (Number(version[digits..]) + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static int Number(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
