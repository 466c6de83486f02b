using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Backends;
using Vigil.Core.Queries;
using Vigil.Core.Text;

namespace Vigil.Cli.Commands;

/// <summary><c>--from</c> (an RFC 3339 time or a duration ago) and <c>--to</c> (default now), as every query command reads them.</summary>
internal sealed class RangeOptions(string defaultAgo)
{
    private readonly Option<string?> _from = new("--from") { Description = $"Start: RFC 3339 time or a duration ago (e.g. 6h; default {defaultAgo})" };
    private readonly Option<string?> _to = new("--to") { Description = "End: RFC 3339 time (default now)" };

    public void AddTo(Command command)
    {
        command.Options.Add(_from);
        command.Options.Add(_to);
    }

    public TimeRange Range(ParseResult result)
    {
        var now = TimeProvider.System.GetUtcNow();
        var to = Time(result.GetValue(_to), now, "--to") ?? now;
        var from = Time(result.GetValue(_from) ?? defaultAgo, to, "--from")!.Value;
        return from < to ? new TimeRange(from, to) : throw new CliException("--from must be before --to");
    }

    private static DateTimeOffset? Time(string? text, DateTimeOffset reference, string option)
    {
        if (text is null)
        {
            return null;
        }

        if (Durations.TryParse(text, out var ago))
        {
            return reference - ago;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new CliException($"{option}: '{text}' is neither an RFC 3339 time nor a duration such as 6h");
    }
}
