using Vigil.Simulator.Application.Requests;
using Vigil.Simulator.Faults;
using Registry = Vigil.Core.Releases;

namespace Vigil.Simulator.Application;

/// <summary>
/// Translates between the simulator's releases (which carry ground truth: a prompt's quality drop
/// and token factor, an index's citation error rate, a model's quality drop) and Vigil's (which
/// carry only what a team would write down). Going to Vigil, it remembers the ground truth of every
/// version it sends; coming back, it rebuilds a simulator release from those memories.
/// </summary>
/// <remarks>
/// <para>
/// A version label keeps one meaning: when the simulator deploys a label this mapping already knows
/// with other effects (after a rollback in Vigil, the next revision bumps the rolled-back version
/// onto one that exists), the release gets the next free label instead (<c>p4</c> → <c>p5</c>).
/// Without rollbacks the labels are exactly the simulator's.
/// </para>
/// <para>
/// A version Vigil has that the simulator never sent (an operator's release) has no effect: the
/// simulator cannot know what a prompt or index it never made does, so it serves it as a neutral one.
/// </para>
/// <para>Not thread-safe: <see cref="RegistryControlPlane"/> calls it under its write gate.</para>
/// </remarks>
public sealed class ReleaseMapping
{
    private readonly LabelBook<(double QualityDrop, double InputTokenFactor)> _prompts = new();
    private readonly LabelBook<double> _indexes = new();
    private readonly LabelBook<(Route Primary, Route? Fallback)> _routings = new();
    private readonly Dictionary<(string Feature, string Provider, string Model), double> _modelDrops = [];

    /// <summary>
    /// Remembers a label that exists in Vigil without changing what a known one means (a label
    /// unknown so far gets no effect), so the simulator's later deploys do not reuse it.
    /// </summary>
    public void Reserve(Registry.Release release)
    {
        _prompts.Know(release.Feature, release.Prompt.Version, (0, 1));
        if (release.Index is { } index)
        {
            _indexes.Know(release.Feature + "/" + index.Name, index.Version, 0);
        }

        if (Routes(release.Routing) is { } routes)
        {
            _routings.Know(release.Feature, release.Routing.Version, routes);
        }
    }

    /// <summary>
    /// What Vigil is told about <paramref name="release"/>, and the release as it will be served: the
    /// same, with labels made unique where needed. Its ground truth is remembered under those labels.
    /// </summary>
    public (Registry.ReleaseSpec Spec, Release Served) ToVigil(Release release, string? description = null)
    {
        var feature = release.Feature;
        var prompt = release.Prompt with
        {
            Version = _prompts.Claim(feature, release.Prompt.Version, (release.Prompt.QualityDrop, release.Prompt.InputTokenFactor)),
        };
        var index = release.Index is { } i ? i with { Version = _indexes.Claim(feature + "/" + i.Name, i.Version, i.CitationErrorRate) } : null;
        var routing = release.Routing with { Version = _routings.Claim(feature, release.Routing.Version, (release.Routing.Primary, release.Routing.Fallback)) };
        _modelDrops[(feature, release.Model.Provider, release.Model.Model)] = release.ModelQualityDrop;

        var spec = new Registry.ReleaseSpec
        {
            Feature = feature,
            Description = description,
            Model = new Registry.ModelAxis(release.Model.Provider, release.Model.Model),
            Prompt = new Registry.PromptAxis(prompt.Version, Template(feature, prompt.Version)),
            Index = index is null ? null : new Registry.IndexAxis(index.Name, index.Version),
            Routing = new Registry.RoutingAxis(
                routing.Version,
                [new Registry.RouteTarget(routing.Primary.Provider, routing.Primary.Model)],
                routing.Fallback is { } fallback ? [new Registry.RouteTarget(fallback.Provider, fallback.Model)] : []),
        };
        return (spec, release with { Prompt = prompt, Index = index, Routing = routing });
    }

    /// <summary>
    /// The simulator release equivalent to Vigil's <paramref name="release"/>, with Vigil's id and the
    /// ground truth remembered for its versions (none for versions the simulator never sent); null
    /// when the application cannot serve it (no route to a model it knows).
    /// </summary>
    public Release? FromVigil(Registry.Release release)
    {
        Reserve(release);
        if (Routes(release.Routing) is not { } routes)
        {
            return null;
        }

        var (primary, fallback) = routes;
        var feature = release.Feature;
        var (qualityDrop, tokenFactor) = _prompts.Find(feature, release.Prompt.Version, (0, 1));
        var index = release.Index is { } i ? new IndexAxis(i.Name, i.Version, _indexes.Find(feature + "/" + i.Name, i.Version, 0)) : null;
        return new Release(
            feature,
            release.Id,
            new Route(release.Model.Provider, release.Model.Model),
            new PromptAxis(release.Prompt.Version, qualityDrop, tokenFactor),
            index,
            new RoutingAxis(release.Routing.Version, primary, fallback),
            _modelDrops.GetValueOrDefault((feature, release.Model.Provider, release.Model.Model)));
    }

    /// <summary>
    /// The prompt template Vigil keeps for a version. The simulator has no template text of its own,
    /// so this is the feature's system prompt at that version with the request as <c>{{input}}</c>:
    /// the same text every time for the same feature and version.
    /// </summary>
    public static string Template(string feature, string version) =>
        $"acme {feature}, prompt {version}\n\n{SystemPrompts.For(feature, new PromptAxis(version))}\n\nRequest:\n{{{{input}}}}";

    /// <summary>
    /// The routes the application can take for Vigil's routing: the first primary it can call (the
    /// application routes to one primary; weights are not simulated) and the first such fallback.
    /// </summary>
    private static (Route Primary, Route? Fallback)? Routes(Registry.RoutingAxis routing)
    {
        var primary = routing.Primaries.Select(Known).FirstOrDefault(r => r is not null);
        return primary is null ? null : (primary, routing.Fallbacks.Select(Known).FirstOrDefault(r => r is not null));
    }

    private static Route? Known(Registry.RouteTarget target) =>
        Catalog.Models.Any(m => m.Provider == target.Provider && m.Name == target.Model) ? new Route(target.Provider, target.Model) : null;

    /// <summary>Version labels per scope (a feature, or a feature's index) and what each stands for.</summary>
    private sealed class LabelBook<T>
        where T : IEquatable<T>
    {
        private readonly Dictionary<(string Scope, string Label), T> _meanings = [];

        /// <summary><paramref name="label"/> when it is free or already means <paramref name="meaning"/>; else the next free label.</summary>
        public string Claim(string scope, string label, T meaning)
        {
            while (_meanings.TryGetValue((scope, label), out var known) && !known.Equals(meaning))
            {
                label = FaultSchedule.Bump(label);
            }

            _meanings[(scope, label)] = meaning;
            return label;
        }

        /// <summary>Records <paramref name="meaning"/> for a label not known yet.</summary>
        public void Know(string scope, string label, T meaning) => _meanings.TryAdd((scope, label), meaning);

        public T Find(string scope, string label, T unknown) => _meanings.GetValueOrDefault((scope, label), unknown);
    }
}
