using Vigil.Core.Pricing;
using Vigil.Detectors.Drift;
using Vigil.Server.Detectors.Checks;

namespace Vigil.Server.Detectors;

/// <summary>The checks the settings enable, each on its own interval (never more often than the engine runs).</summary>
internal static class DetectorChecks
{
    /// <summary>Drift embeds text: it runs at most every quarter of an hour.</summary>
    public static readonly TimeSpan DriftInterval = TimeSpan.FromMinutes(15);

    public static IReadOnlyList<IDetectorCheck> Create(DetectorSettings settings, Func<PriceCatalog> prices, ITextEmbedder? embedder, IDetectorCheck? statuspages)
    {
        var every = settings.Interval;
        var checks = new List<IDetectorCheck>();
        if (settings.Cost.Enabled && settings.Cost.By.Count > 0)
        {
            checks.Add(new CostAnomalyCheck(settings.Cost));
        }

        if (settings.AgentLoop.Enabled)
        {
            checks.Add(new AgentLoopCheck(settings.AgentLoop, every));
        }

        if (settings.Price.Enabled)
        {
            checks.Add(new PriceChangeCheck(settings.Price, prices, every));
        }

        if (settings.Vendor.Enabled)
        {
            checks.Add(new VendorCheck(settings.Vendor, every));
            if (statuspages is not null)
            {
                checks.Add(statuspages);
            }
        }

        if (settings.Memory.Enabled)
        {
            checks.Add(new MemoryCheck(settings.Memory));
        }

        if (settings.Compliance.Enabled)
        {
            checks.Add(new ComplianceCheck(settings.Compliance, every));
        }

        if (settings.Audit.Enabled && settings.Audit.Required.Count > 0)
        {
            checks.Add(new AuditCheck(settings.Audit, every));
        }

        if (settings.Drift.Enabled)
        {
            checks.Add(new DriftCheck(settings.Drift, settings.Drift.Text ? embedder : null, every > DriftInterval ? every : DriftInterval));
        }

        return checks;
    }
}
