using System.CommandLine;
using Vigil.Cli.Commands;

namespace Vigil.Cli;

/// <summary>The <c>vigil</c> command.</summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Piped tables keep whole values on one line instead of wrapping at 80 columns.
            Spectre.Console.AnsiConsole.Profile.Width = 240;
        }

        return BuildRoot().Parse(args).InvokeAsync();
    }

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("Vigil: site reliability engineering for production AI");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(KeysCommands.Create());
        root.Subcommands.Add(PricesCommands.Create());
        root.Subcommands.Add(QueryCommands.Traces());
        root.Subcommands.Add(QueryCommands.Stats());
        root.Subcommands.Add(QueryCommands.Costs());
        root.Subcommands.Add(SloCommands.Create());
        root.Subcommands.Add(ReleaseCommands.Create());
        root.Subcommands.Add(DatasetCommands.Create());
        root.Subcommands.Add(EvalCommands.Create());
        root.Subcommands.Add(DriftCommands.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        return root;
    }
}
