using Vigil.Core.Spans;
using Vigil.Storage.Contracts;

namespace Vigil.Storage.DuckDb.Tests;

/// <summary>
/// The test assembly's entry point, run as a separate process by <see cref="SecondProcessTests"/>:
/// <c>hold &lt;dir&gt;</c> opens the database and waits; <c>append &lt;dir&gt; &lt;traceId&gt;</c> commits one span,
/// says so, and waits to be killed. Both read a line from stdin before exiting.
/// </summary>
public static class Program
{
    public const string Ready = "ready";
    public const string Committed = "committed";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 2)
        {
            await Console.Error.WriteLineAsync("usage: hold <dir> | append <dir> <traceId>");
            return 2;
        }

        using var database = DuckDbDatabase.Open(args[1], TimeProvider.System);
        if (args[0] == "append" && args.Length == 3)
        {
            var store = new DuckDbTelemetryStore(database, new DuckDbStoreOptions { CompactEveryBatches = 0 });
            var span = new TestSpans().Span(traceId: args[2]);
            await store.AppendAsync(new TelemetryBatch { Spans = [span] }, CancellationToken.None);
            Console.WriteLine(Committed);
        }
        else
        {
            Console.WriteLine(Ready);
        }

        await Console.Out.FlushAsync();
        await Console.In.ReadLineAsync();
        return 0;
    }
}
