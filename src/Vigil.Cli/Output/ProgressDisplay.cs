using Spectre.Console;

namespace Vigil.Cli.Output;

/// <summary>A progress display for long operations when a person is watching; silent when output is redirected.</summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(string description, Func<Task<T>> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work();
        }

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description).IsIndeterminate();
                var value = await work();
                task.IsIndeterminate(false).Value(task.MaxValue);
                return value;
            });
    }
}
