using System.CommandLine;
using Spectre.Console;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil keys create|list|revoke</c>.</summary>
internal static class KeysCommands
{
    public static Command Create()
    {
        var keys = new Command("keys", "API keys per project, with scopes ingest, read, operate, admin");

        var common = new CommonOptions();
        var name = new Option<string>("--name") { Description = "A name to recognise the key by", DefaultValueFactory = _ => "cli" };
        var scopes = new Option<string>("--scopes") { Description = "Comma-separated: ingest, read, operate, admin", Required = true };
        var create = new Command("create", "Create a key; its secret is printed once") { name, scopes };
        common.AddTo(create);
        create.SetAction((result, ct) => common.RunAsync(result, async backend =>
        {
            var key = await backend.CreateKeyAsync(result.GetValue(common.Project)!, result.GetValue(name)!, result.GetValue(scopes)!, ct);
            if (result.GetValue(common.Json))
            {
                Printer.Json(key);
                return;
            }

            Console.WriteLine($"Created key {key.Id} in project '{key.Project}' with scopes {key.Scopes} ({backend.Description}).");
            Console.WriteLine("Secret (shown once; send it as 'Authorization: Bearer <secret>'):");
            Console.WriteLine(key.Secret);
        }, ct));

        var listCommon = new CommonOptions();
        var list = new Command("list", "List a project's keys (never their secrets)");
        listCommon.AddTo(list);
        list.SetAction((result, ct) => listCommon.RunAsync(result, async backend =>
        {
            var all = await backend.ListKeysAsync(result.GetValue(listCommon.Project)!, ct);
            if (result.GetValue(listCommon.Json))
            {
                Printer.Json(all);
                return;
            }

            var table = new Table().AddColumns("id", "project", "name", "scopes", "created", "revoked");
            foreach (var k in all)
            {
                table.AddRow(Markup.Escape(k.Id), Markup.Escape(k.Project), Markup.Escape(k.Name), k.Scopes, k.CreatedAt, k.RevokedAt ?? "");
            }

            AnsiConsole.Write(table);
        }, ct));

        var revokeCommon = new CommonOptions();
        var id = new Argument<string>("id") { Description = "The key's id (from 'vigil keys list')" };
        var revoke = new Command("revoke", "Revoke a key") { id };
        revokeCommon.AddTo(revoke);
        revoke.SetAction((result, ct) => revokeCommon.RunAsync(result, async backend =>
        {
            var keyId = result.GetValue(id)!;
            if (!await backend.RevokeKeyAsync(result.GetValue(revokeCommon.Project)!, keyId, ct))
            {
                throw new Backends.CliException($"no key '{keyId}' in project '{result.GetValue(revokeCommon.Project)}'");
            }

            Console.WriteLine($"Revoked key {keyId}.");
        }, ct));

        keys.Subcommands.Add(create);
        keys.Subcommands.Add(list);
        keys.Subcommands.Add(revoke);
        return keys;
    }
}
