using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;

namespace Vigil.Server.Releases;

/// <summary>
/// Prompt templates in Handlebars syntax (<c>{{variable}}</c>, <c>{{#if}}</c>, <c>{{#each}}</c>, …),
/// rendered by Handlebars.Net without HTML escaping: a prompt is not HTML, so <c>{{x}}</c> and
/// <c>{{{x}}}</c> both insert the value as it is. Partials are not supported.
/// </summary>
public static class PromptTemplates
{
    // Discovery renders against a recording context and must not throw on names it does not know.
    private static readonly IHandlebars Discovery = Handlebars.Create(Configuration(throwOnUnresolved: false));
    private static readonly IHandlebars Renderer = Handlebars.Create(Configuration(throwOnUnresolved: true));
    private static readonly ConcurrentDictionary<string, (string? Error, IReadOnlyList<string> Variables)> Analyses = new(StringComparer.Ordinal);
    private const int MaxAnalyses = 1000;

    /// <summary>Why a template cannot be used (it does not parse, or uses a partial or an unknown helper); null when it can.</summary>
    public static string? Check(string template) => Discover(template, out _);

    /// <summary>
    /// The top-level variables a template reads, in name order: every name looked up on the root
    /// context on the path taken when each variable is truthy and on the path taken when each is
    /// falsy (so both branches of an <c>{{#if}}</c> count). Names inside <c>{{#each}}</c> and
    /// <c>{{#with}}</c> blocks belong to the items, not to the root.
    /// </summary>
    /// <exception cref="ArgumentException">The template cannot be used (see <see cref="Check"/>).</exception>
    public static IReadOnlyList<string> Variables(string template) =>
        Discover(template, out var variables) is { } error ? throw new ArgumentException(error, nameof(template)) : variables;

    /// <summary>
    /// The template with the variables filled in; the names of every missing variable when some are
    /// missing, or why the template cannot be rendered.
    /// </summary>
    /// <param name="variables">Values by name: text, numbers, booleans, lists and maps (for <c>{{#each}}</c> and <c>{{a.b}}</c>); null renders as nothing.</param>
    public static PromptRender Render(string template, IReadOnlyDictionary<string, object?> variables)
    {
        if (Discover(template, out var used) is { } error)
        {
            return new PromptRender(null, [], error);
        }

        var missing = used.Where(v => !variables.ContainsKey(v)).ToList();
        if (missing.Count > 0)
        {
            return new PromptRender(null, missing, null);
        }

        try
        {
            var context = variables.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            return new PromptRender(Renderer.Compile(template)(context), [], null);
        }
        catch (HandlebarsUndefinedBindingException ex)
        {
            return new PromptRender(null, [ex.Path ?? ex.MissingKey], null);
        }
        catch (HandlebarsException ex)
        {
            return new PromptRender(null, [], ex.Message);
        }
    }

    /// <summary>The problem with a template, or the variables it reads; remembered, since every listing of releases asks.</summary>
    private static string? Discover(string template, out IReadOnlyList<string> variables)
    {
        if (!Analyses.TryGetValue(template, out var analysis))
        {
            if (Analyses.Count >= MaxAnalyses)
            {
                Analyses.Clear();
            }

            analysis = Analyze(template);
            Analyses[template] = analysis;
        }

        variables = analysis.Variables;
        return analysis.Error;
    }

    private static (string? Error, IReadOnlyList<string> Variables) Analyze(string template)
    {
        HandlebarsTemplate<object, object> compiled;
        try
        {
            compiled = Discovery.Compile(template);
        }
        catch (HandlebarsException ex)
        {
            return (ex.Message.ReplaceLineEndings(" ").Trim(), []);
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var truthy in new[] { true, false })
        {
            try
            {
                compiled(new RecordingContext(truthy, names));
            }
            catch (HandlebarsException ex)
            {
                return (ex.Message.ReplaceLineEndings(" ").Trim(), []);
            }
        }

        return (null, [.. names]);
    }

    private static HandlebarsConfiguration Configuration(bool throwOnUnresolved) => new()
    {
        NoEscape = true,
        ThrowOnUnresolvedBindingExpression = throwOnUnresolved,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>A value that is truthy and has no members or items: what a variable holds on the truthy pass.</summary>
    private sealed class Placeholder
    {
        public static readonly Placeholder Instance = new();

        public override string ToString() => "…";
    }

    /// <summary>The root context of a discovery pass: answers every name (with a truthy or a missing value) and records it.</summary>
    private sealed class RecordingContext(bool truthy, SortedSet<string> names) : IReadOnlyDictionary<string, object?>
    {
        public object? this[string key] => Record(key);

        public IEnumerable<string> Keys => [];

        public IEnumerable<object?> Values => [];

        public int Count => 0;

        public bool ContainsKey(string key)
        {
            Record(key);
            return truthy;
        }

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
        {
            value = Record(key);
            return truthy;
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, object?>>().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private Placeholder? Record(string key)
        {
            if (!key.StartsWith('@'))
            {
                names.Add(key);
            }

            return truthy ? Placeholder.Instance : null;
        }
    }
}

/// <summary>A rendered prompt, or the missing variables, or why the template could not be rendered.</summary>
public sealed record PromptRender(string? Text, IReadOnlyList<string> Missing, string? Error)
{
    public bool Succeeded => Text is not null;
}
