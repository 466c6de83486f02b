using System.Globalization;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Spectre.Console;
using Vigil.Server.Releases;

namespace Vigil.Cli.Output;

/// <summary>How <c>vigil release</c> prints releases, features, deploy markers and diffs.</summary>
internal static class ReleaseTables
{
    private const string TemplateField = "prompt.template";

    /// <summary>"model openai/gpt-4o, prompt v3, index docs@7, routing v2".</summary>
    public static string Summary(ReleaseJson r) =>
        $"model {r.Model.Provider}/{r.Model.Model}, prompt {r.Prompt.Version}, index {Index(r)}, routing {r.Routing.Version}" + (r.Active ? " (active)" : "");

    public static string Activated(ActivationJson a) =>
        a.PreviousReleaseId is null
            ? $"{a.Feature}: {a.ReleaseId} is active (the first activation), by {a.Actor}: {a.Reason}"
            : $"{a.Feature}: {a.ReleaseId} is active (was {a.PreviousReleaseId}; changed {Axes(a.Axes)}), by {a.Actor}: {a.Reason}";

    public static void Releases(ReleaseListJson list)
    {
        var table = new Table().AddColumns("id", "created", "by", "model", "prompt", "index", "routing", "active");
        foreach (var r in list.Releases)
        {
            table.AddRow(
                Markup.Escape(r.Id), r.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(r.CreatedBy),
                Markup.Escape($"{r.Model.Provider}/{r.Model.Model}"), Markup.Escape(r.Prompt.Version), Markup.Escape(Index(r)), Markup.Escape(Routing(r.Routing)),
                r.Active ? "[green]● active[/]" : r.RolledBackTo is { } o ? Markup.Escape($"(rollback of {Axes(o.Axes)} to {o.ReleaseId})") : "");
        }

        AnsiConsole.Write(table);
        Console.WriteLine(list.Active is null ? $"{list.Feature}: no release is active yet" : $"{list.Feature}: {list.Active} is active");
    }

    public static void Features(FeatureListJson list)
    {
        var table = new Table().AddColumns("feature", "releases", "latest", "active", "since", "model", "prompt", "index", "routing");
        foreach (var f in list.Features)
        {
            var a = f.Active;
            table.AddRow(
                Markup.Escape(f.Feature), f.Releases.ToString(CultureInfo.InvariantCulture), Markup.Escape(f.Latest), a is null ? "[yellow]none[/]" : Markup.Escape(a.Id),
                f.ActiveSince?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-",
                a is null ? "-" : Markup.Escape($"{a.Model.Provider}/{a.Model.Model}"), a is null ? "-" : Markup.Escape(a.Prompt.Version),
                a is null ? "-" : Markup.Escape(Index(a)), a is null ? "-" : Markup.Escape(Routing(a.Routing)));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The changed fields as a table; the prompt template, being long, as a line diff under it.</summary>
    public static void Diff(DiffJson diff)
    {
        if (diff.Changes.Count == 0)
        {
            Console.WriteLine($"{diff.Feature}: {diff.From} and {diff.To} have the same model, prompt, index and routing");
            return;
        }

        var table = new Table().AddColumns("axis", "field", diff.From, diff.To);
        foreach (var c in diff.Changes)
        {
            var template = c.Field == TemplateField;
            table.AddRow(
                c.Axis.ToString().ToLowerInvariant(), Markup.Escape(c.Field),
                template ? Lines(c.From) : Markup.Escape(c.From ?? "-"), template ? Lines(c.To) : Markup.Escape(c.To ?? "-"));
        }

        AnsiConsole.Write(table);
        if (diff.Changes.FirstOrDefault(c => c.Field == TemplateField) is { } changed)
        {
            Console.WriteLine($"--- {diff.From} prompt.template");
            Console.WriteLine($"+++ {diff.To} prompt.template");
            var lines = InlineDiffBuilder.Diff(changed.From ?? "", changed.To ?? "", ignoreWhiteSpace: false).Lines;
            foreach (var line in lines.Where((l, i) => !(i == lines.Count - 1 && l.Type == ChangeType.Unchanged && string.IsNullOrEmpty(l.Text))))
            {
                switch (line.Type)
                {
                    case ChangeType.Inserted:
                        AnsiConsole.MarkupLine("[green]" + Markup.Escape("+ " + line.Text) + "[/]");
                        break;
                    case ChangeType.Deleted:
                        AnsiConsole.MarkupLine("[red]" + Markup.Escape("- " + line.Text) + "[/]");
                        break;
                    default:
                        Console.WriteLine("  " + line.Text);
                        break;
                }
            }
        }
    }

    private static string Lines(string? text) =>
        text is null ? "-" : $"({text.TrimEnd('\n').Split('\n').Length} lines, below)";

    private static string Index(ReleaseJson r) => r.Index is { } i ? $"{i.Name}@{i.Version}" : "-";

    private static string Axes(IEnumerable<Core.Releases.ReleaseAxis> axes) => string.Join(", ", axes.Select(a => a.ToString().ToLowerInvariant()));

    private static string Routing(RoutingJson routing)
    {
        static string Target(RouteJson t) => t.Weight == 1 ? $"{t.Provider}/{t.Model}" : $"{t.Provider}/{t.Model}×{t.Weight.ToString("0.###", CultureInfo.InvariantCulture)}";
        var text = $"{routing.Version}: {string.Join(", ", routing.Primaries.Select(Target))}";
        return routing.Fallbacks.Count == 0 ? text : text + " → " + string.Join(" → ", routing.Fallbacks.Select(Target));
    }
}
