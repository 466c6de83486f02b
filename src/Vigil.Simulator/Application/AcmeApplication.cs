using System.Diagnostics;
using Vigil.Simulator.Application.Requests;
using Vigil.Simulator.Faults;
using Vigil.Simulator.Generation;
using Vigil.Simulator.Telemetry;

namespace Vigil.Simulator.Application;

/// <summary>
/// The simulated application <c>acme</c>: serves one request of a feature the way a real service
/// would — root span, the feature's pipeline, the response cache, the operators' throttle and kill
/// switch — and returns everything it recorded. Deterministic for a given random source.
/// </summary>
public sealed class AcmeApplication(World world, FaultSchedule faults, IControlPlane control, UserPopulation users)
{
    /// <summary>The response cache's usual hit rate per feature (the RAG answers and summaries repeat).</summary>
    private static readonly Dictionary<string, double> CacheHitRates = new(StringComparer.Ordinal)
    {
        ["support-chat"] = 0.22,
        ["summarize"] = 0.12,
        ["extract-invoice"] = 0.0,
        ["research-agent"] = 0.0,
    };

    private readonly Dictionary<string, int> _servedThisMinute = new(StringComparer.Ordinal);

    /// <summary>Forgets the per-minute throttle counts (the runner calls it each simulated minute).</summary>
    public void NewMinute() => _servedThisMinute.Clear();

    /// <summary>Serves one request, or returns null when the feature is disabled or throttled (the request is shed, nothing is recorded).</summary>
    public SimTrace? Serve(Random random, DateTimeOffset start, Feature feature)
    {
        var controls = control.Controls(feature.Name);
        if (controls.Disabled)
        {
            return null;
        }

        var served = _servedThisMinute.GetValueOrDefault(feature.Name);
        if (controls.ThrottlePerMinute is { } limit && served >= limit)
        {
            return null;
        }

        _servedThisMinute[feature.Name] = served + 1;
        var user = users.Draw(random);
        var ctx = new RequestContext
        {
            Random = random, Start = start, Feature = feature, Controls = controls, User = user,
            Session = users.SessionOf(user, start), Faults = faults, World = world,
        };
        var root = ctx.NewSpan(feature.Kind == FeatureKind.Agent ? $"invoke_agent {feature.Name}" : feature.Name, ActivityKind.Server, start, null)
            .Set("vigil.stage", "end_to_end")
            .Set("gen_ai.conversation.id", ctx.Session + "-c" + random.Next(1, 4))
            .Set("gen_ai.operation.name", feature.Kind == FeatureKind.Agent ? "invoke_agent" : null);

        var effects = faults.EffectsFor(start, feature.Name, controls.Release.Primary, user.Segment);
        var shifted = effects.InputShiftShare > 0 && ctx.Chance(effects.InputShiftShare) ? world.Inputs.Draw(random, effects.InputPool ?? InputPools.OffTopic) : null;
        var hitRate = effects.CacheHitRate ?? CacheHitRates.GetValueOrDefault(feature.Name);
        DateTimeOffset end;
        if (shifted is null && ctx.Chance(hitRate))
        {
            var lookup = ctx.NewSpan("cache lookup", ActivityKind.Internal, start, root.SpanId).Set("vigil.cache.hit", true);
            lookup.End = start + TimeSpan.FromMilliseconds(ctx.LogNormal(4, 0.3));
            root.Set("vigil.cache.hit", true);
            end = lookup.End;
        }
        else
        {
            root.Set("vigil.cache.hit", hitRate > 0 ? false : null);
            end = feature.Kind switch
            {
                FeatureKind.Rag => RagRequest.Run(ctx, root.SpanId, start, shifted),
                FeatureKind.Chat => ChatRequest.Run(ctx, root.SpanId, start, shifted),
                FeatureKind.StructuredOutput => ExtractionRequest.Run(ctx, root.SpanId, start, shifted),
                _ => AgentRequest.Run(ctx, root.SpanId, start, shifted),
            };
        }

        root.End = end + TimeSpan.FromMilliseconds(ctx.LogNormal(8, 0.3));
        var failed = ctx.Spans.Where(s => s != root && s.IsError).ToList();
        var lastCall = ctx.Spans.LastOrDefault(s => s.Name.StartsWith("chat ", StringComparison.Ordinal));
        if (lastCall is { IsError: true })
        {
            Calls.Fail(root, root.End, failed[^1].Attributes.First(a => a.Key == "error.type").Value.ToString()!, "every provider failed");
        }

        AddFeedback(ctx, root);
        DropAuditAttributes(ctx, effects);
        return new SimTrace(feature.Name, ctx.Spans);
    }

    /// <summary>A small share of users give a thumbs up or down; an answer's text decides, as a user's reading would.</summary>
    private static void AddFeedback(RequestContext ctx, SimSpan root)
    {
        if (!ctx.Chance(0.03))
        {
            return;
        }

        var output = ctx.Spans.LastOrDefault(s => s.Name.StartsWith("chat ", StringComparison.Ordinal) && !s.IsError)?
            .Attributes.FirstOrDefault(a => a.Key == "gen_ai.output.messages").Value as string;
        var bad = output is null || output.Contains("not sure", StringComparison.Ordinal) || output.Contains("can't", StringComparison.Ordinal)
            || output.Contains("could not", StringComparison.Ordinal) || output.Contains("euros", StringComparison.Ordinal);
        var thumbsUp = bad ? ctx.Chance(0.15) : ctx.Chance(0.85);
        root.Events.Add(new SimEvent("gen_ai.evaluation.result", root.End,
        [
            new("gen_ai.evaluation.name", "user_feedback"),
            new("gen_ai.evaluation.score.value", thumbsUp ? 1.0 : 0.0),
            new("gen_ai.evaluation.score.label", thumbsUp ? "thumbs_up" : "thumbs_down"),
        ]));
    }

    private static void DropAuditAttributes(RequestContext ctx, Effects effects)
    {
        if (effects.MissingAttributes.Count == 0 || !ctx.Chance(effects.MissingShare))
        {
            return;
        }

        foreach (var span in ctx.Spans)
        {
            span.Attributes.RemoveAll(a => effects.MissingAttributes.Contains(a.Key));
        }
    }
}
