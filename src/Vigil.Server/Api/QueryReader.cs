using System.Globalization;
using Vigil.Core.Queries;
using Vigil.Core.Spans;
using Vigil.Core.Text;

namespace Vigil.Server.Api;

/// <summary>
/// Reads query-string parameters and collects every problem, each naming its parameter, so that a
/// bad request is answered once with all of them (RFC 9457 validation problem).
/// Times are RFC 3339 ("2026-11-28T10:00:00Z"), "now", or "now-1h"-style offsets.
/// </summary>
internal sealed class QueryReader(IQueryCollection query, DateTimeOffset now)
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public IDictionary<string, string[]> Errors => _errors;

    public string? Text(string name)
    {
        var value = query[name].ToString();
        if (value.Length > 512)
        {
            Fail(name, "longer than 512 characters");
            return null;
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }

    public TimeRange Range(TimeSpan defaultLength, TimeSpan maxLength)
    {
        var to = Time("to") ?? now;
        var from = Time("from") ?? to - defaultLength;
        if (from >= to)
        {
            Fail("from", $"must be before 'to' ({to:O})");
        }
        else if (to - from > maxLength)
        {
            Fail("from", $"the range may span at most {Durations.Format(maxLength)}");
        }

        return new TimeRange(from, to);
    }

    public DateTimeOffset? Time(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (text == "now")
        {
            return now;
        }

        if (text.StartsWith("now-", StringComparison.Ordinal) && Durations.TryParse(text[4..], out var ago))
        {
            return now - ago;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        Fail(name, $"'{text}' is not a time (RFC 3339 such as 2026-11-28T10:00:00Z, 'now' or 'now-1h')");
        return null;
    }

    public TimeSpan? Duration(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (Durations.TryParse(text, out var duration) && duration > TimeSpan.Zero)
        {
            return duration;
        }

        Fail(name, $"'{text}' is not a positive duration (e.g. 1m, 5m, 1h, 1d)");
        return null;
    }

    public int Int(string name, int fallback, int min, int max)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Fail(name, $"'{text}' is not an integer from {min} to {max}");
        return fallback;
    }

    public double? Double(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value))
        {
            return value;
        }

        Fail(name, $"'{text}' is not a non-negative number");
        return null;
    }

    public TEnum? Enum<TEnum>(string name)
        where TEnum : struct, Enum
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        var normalized = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (System.Enum.TryParse<TEnum>(normalized, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        var allowed = string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
        Fail(name, $"'{text}' is not one of {allowed}");
        return null;
    }

    public SpanFilter Filter()
    {
        var stage = Text("stage");
        if (stage is not null && !Stages.IsKnown(stage))
        {
            Fail("stage", $"'{stage}' is not one of {string.Join(", ", Stages.All)}");
        }

        return new SpanFilter
        {
            Feature = Text("feature"),
            Team = Text("team"),
            UserId = Text("user"),
            Model = Text("model"),
            Provider = Text("provider"),
            Release = Text("release"),
            Stage = stage,
        };
    }

    public void Fail(string name, string problem) => _errors[name] = [problem];
}
