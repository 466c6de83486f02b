using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Server.Releases;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil release create|activate|rollback|list|diff</c> (docs/releases.md).</summary>
internal static class ReleaseCommands
{
    public static Command Create()
    {
        var command = new Command("release", "Feature releases: model, prompt, index and routing, activated and rolled back with an audit trail");
        command.Subcommands.Add(CreateRelease());
        command.Subcommands.Add(Activate());
        command.Subcommands.Add(Rollback());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Diff());
        return command;
    }

    private static Command CreateRelease()
    {
        var common = new CommonOptions();
        var feature = new Option<string>("--feature") { Description = "The feature the release is for", Required = true };
        var file = new Option<string?>("--file") { Description = "Release file, YAML or JSON (the API's body: description, model, prompt, index, routing, activate, reason); flags override its fields" };
        var description = new Option<string?>("--description") { Description = "What changed and why" };
        var provider = new Option<string?>("--provider") { Description = "Model axis: provider (openai, anthropic, …)" };
        var model = new Option<string?>("--model") { Description = "Model axis: model name" };
        var parameters = new Option<string[]>("--param") { Description = "Model parameter NAME=VALUE (repeatable): --param temperature=0.2" };
        var promptVersion = new Option<string?>("--prompt-version") { Description = "Prompt axis: version label" };
        var promptFile = new Option<string?>("--prompt-file") { Description = "Prompt axis: file holding the template ({{variable}} placeholders)" };
        var index = new Option<string?>("--index") { Description = "Index axis: NAME@VERSION" };
        var routingVersion = new Option<string?>("--routing-version") { Description = $"Routing axis: version label (default '{ReleaseInput.DirectRouting}' when no routing is given: all traffic to --provider/--model)" };
        var primaries = new Option<string[]>("--primary") { Description = "Routing axis: PROVIDER/MODEL[=WEIGHT] (repeatable)" };
        var fallbacks = new Option<string[]>("--fallback") { Description = "Routing axis: PROVIDER/MODEL, in order (repeatable)" };
        var activate = new Option<bool>("--activate") { Description = "Make it the active release at once (needs --reason)" };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit log" };
        var command = new Command("create", "Create a release of a feature from a file and/or flags")
        {
            feature, file, description, provider, model, parameters, promptVersion, promptFile, index, routingVersion, primaries, fallbacks, activate, reason,
        };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var fromFile = result.GetValue(file) is { } path ? ReleaseInput.Read(path) : null;
            var flags = new ReleaseFlags(
                result.GetValue(description), result.GetValue(provider), result.GetValue(model), result.GetValue(parameters) ?? [],
                result.GetValue(promptVersion), result.GetValue(promptFile), result.GetValue(index), result.GetValue(routingVersion),
                result.GetValue(primaries) ?? [], result.GetValue(fallbacks) ?? [], result.GetValue(activate), result.GetValue(reason));
            var made = await backend.CreateReleaseAsync(result.GetValue(common.Project)!, result.GetValue(feature)!, ReleaseInput.Apply(fromFile, flags), ct);
            if (result.GetValue(common.Json))
            {
                Printer.Json(made);
                return;
            }

            var r = made.Release;
            Console.WriteLine($"created {r.Feature} {r.Id}: {ReleaseTables.Summary(r)}");
            if (made.Activation is { } a)
            {
                Console.WriteLine(ReleaseTables.Activated(a));
            }
        }, ct));
        return command;
    }

    private static Command Activate()
    {
        var common = new CommonOptions();
        var feature = new Argument<string>("feature") { Description = "The feature" };
        var id = new Argument<string>("id") { Description = "The release to activate (r1, r2, …)" };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit log", Required = true };
        var command = new Command("activate", "Make a release the feature's active one (a deploy marker)") { feature, id, reason };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var activation = await backend.ActivateReleaseAsync(result.GetValue(common.Project)!, result.GetValue(feature)!, result.GetValue(id)!, result.GetValue(reason)!, ct);
            if (result.GetValue(common.Json))
            {
                Printer.Json(activation);
                return;
            }

            Console.WriteLine(ReleaseTables.Activated(activation));
        }, ct));
        return command;
    }

    private static Command Rollback()
    {
        var common = new CommonOptions();
        var feature = new Argument<string>("feature") { Description = "The feature" };
        var to = new Option<string>("--to") { Description = "The release whose axes to restore (r1, r2, …)", Required = true };
        var axes = new Option<string?>("--axes") { Description = "Comma-separated axes to restore: model, prompt, index, routing (default: all)" };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit log", Required = true };
        var command = new Command("rollback", "Restore some or all axes of an earlier release, as a new release made active at once") { feature, to, axes, reason };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var axisNames = result.GetValue(axes)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var made = await backend.RollbackReleaseAsync(result.GetValue(common.Project)!, result.GetValue(feature)!,
                new RollbackRequest(result.GetValue(to), axisNames, result.GetValue(reason)), ct);
            if (result.GetValue(common.Json))
            {
                Printer.Json(made);
                return;
            }

            var r = made.Release;
            var restored = string.Join(", ", r.RolledBackTo!.Axes.Select(a => a.ToString().ToLowerInvariant()));
            Console.WriteLine($"rolled back {restored} of {r.Feature} to {r.RolledBackTo.ReleaseId}: new release {r.Id}: {ReleaseTables.Summary(r)}");
            Console.WriteLine(ReleaseTables.Activated(made.Activation!));
        }, ct));
        return command;
    }

    private static Command List()
    {
        var common = new CommonOptions();
        var feature = new Argument<string?>("feature") { Description = "A feature: its releases (default: every feature and its active release)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "Features and their active releases, or one feature's releases") { feature };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var project = result.GetValue(common.Project)!;
            var json = result.GetValue(common.Json);
            if (result.GetValue(feature) is { } name)
            {
                var releases = await backend.ListReleasesAsync(project, name, ct);
                if (json)
                {
                    Printer.Json(releases);
                    return;
                }

                ReleaseTables.Releases(releases);
                return;
            }

            var features = await backend.ListFeaturesAsync(project, ct);
            if (json)
            {
                Printer.Json(features);
            }
            else if (features.Features.Count == 0)
            {
                Console.WriteLine($"no releases in project '{project}' ({backend.Description}); create one with `vigil release create`");
            }
            else
            {
                ReleaseTables.Features(features);
            }
        }, ct));
        return command;
    }

    private static Command Diff()
    {
        var common = new CommonOptions();
        var feature = new Argument<string>("feature") { Description = "The feature" };
        var from = new Argument<string>("from") { Description = "The release to compare from (r1, …)" };
        var to = new Argument<string>("to") { Description = "The release to compare to" };
        var command = new Command("diff", "What changed between two releases, axis by axis; the prompt template as a line diff") { feature, from, to };
        common.AddTo(command);
        command.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var diff = await backend.DiffReleasesAsync(result.GetValue(common.Project)!, result.GetValue(feature)!, result.GetValue(from)!, result.GetValue(to)!, ct);
            if (result.GetValue(common.Json))
            {
                Printer.Json(diff);
                return;
            }

            ReleaseTables.Diff(diff);
        }, ct));
        return command;
    }
}
