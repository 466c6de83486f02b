using System.CommandLine;
using Vigil.Cli.Backends;

namespace Vigil.Cli.Commands;

/// <summary>The options every operator command shares: where Vigil is and who is asking.</summary>
internal sealed class CommonOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "Data directory of the embedded store", DefaultValueFactory = _ => ".vigil" };

    public Option<Uri?> Server { get; } = new("--server")
    {
        Description = "Base URL of a running server (default: the one recorded in the data directory, else the store itself)",
        CustomParser = ParseUrl,
    };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key (default: $VIGIL_API_KEY)" };

    public Option<string> Project { get; } = new("--project") { Description = "Project", DefaultValueFactory = _ => "default" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON for scripts instead of tables" };

    /// <summary>An absolute http(s) URL; anything else is a parse error naming the option.</summary>
    private static Uri? ParseUrl(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return url;
        }

        result.AddError($"--server: '{text}' is not an http(s) URL (e.g. http://127.0.0.1:4318)");
        return null;
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
        command.Options.Add(Project);
        command.Options.Add(Json);
    }

    public BackendOptions Backend(ParseResult result) => new(
        result.GetValue(Data)!,
        result.GetValue(Server),
        result.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("VIGIL_API_KEY"),
        result.GetValue(Project));

    /// <summary>Runs an operator action with a backend, turning known failures into a message and exit code 1.</summary>
    public Task<int> RunAsync(ParseResult result, Func<IVigilBackend, Task> action, CancellationToken cancellationToken) =>
        RunAsync(result, async backend =>
        {
            await action(backend);
            return 0;
        }, cancellationToken);

    /// <summary>Runs an operator action whose exit code says more than success (e.g. 100: a gate failed); known failures give 1.</summary>
    public async Task<int> RunAsync(ParseResult result, Func<IVigilBackend, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            await using var backend = await BackendFactory.OpenAsync(Backend(result), cancellationToken);
            return await action(backend);
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync("vigil: " + ex.Message);
            return 1;
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"vigil: cannot reach the server: {ex.Message}");
            return 1;
        }
    }
}
