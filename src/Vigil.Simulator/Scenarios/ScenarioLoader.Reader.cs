using System.Globalization;
using Vigil.Core.Text;
using YamlDotNet.RepresentationModel;

namespace Vigil.Simulator.Scenarios;

// Part of ScenarioLoader: one read of a document, its state and the order of its passes;
// the scenario-level values (name, seed, start, duration, traffic) and the shared helpers.
public static partial class ScenarioLoader
{
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromDays(1);

    private static readonly string[] Rfc3339Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    /// <summary>
    /// One read of one document: the problems found so far and the line of every path seen. This part holds
    /// the order of the passes (<see cref="Read"/>), the top of pass 2 (<see cref="Convert"/>: the scenario's own
    /// values) and the bookkeeping shared by both passes: problems, lines, durations.
    /// </summary>
    private sealed partial class Reader(string sourceName)
    {
        private readonly List<ScenarioProblem> _problems = [];
        private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

        /// <summary>Fault parameters written as a list (joined with commas); only text parameters may be.</summary>
        private readonly HashSet<string> _listValues = new(StringComparer.Ordinal);

        /// <summary>Paths whose value pass 1 reported and dropped: pass 2 does not report them again as missing.</summary>
        private readonly HashSet<string> _dropped = new(StringComparer.Ordinal);

        public Scenario Read(string yaml)
        {
            var root = Document(yaml);
            var clean = Walk(root, typeof(ScenarioFile), string.Empty) as YamlMappingNode ?? new YamlMappingNode();
            var file = Deserialize(clean);
            var scenario = Convert(file);
            return _problems.Count == 0 && scenario is not null ? scenario : throw new ScenarioException(sourceName, InFileOrder());
        }

        private Scenario? Convert(ScenarioFile file)
        {
            var name = file.Name?.Trim();
            if (string.IsNullOrEmpty(name) && !_dropped.Contains("name"))
            {
                Problem("name", "required: the scenario's name, as the scorecard reports it");
            }

            var seed = 1;
            if (file.Seed is { } seedText && !int.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
            {
                Problem("seed", $"'{seedText}' is not an integer");
            }

            DateTimeOffset? start = null;
            if (file.Start is { } startText)
            {
                start = Rfc3339(startText);
                if (start is null)
                {
                    Problem("start", $"'{startText}' is not an RFC 3339 time (e.g. 2026-03-02T00:00:00Z)");
                }
            }

            // When the duration itself is wrong, times are not checked against it (one problem, not a cascade).
            TimeSpan? duration = DefaultDuration;
            if (file.Duration is { } durationText)
            {
                duration = Duration(durationText, "duration");
                if (duration < TimeSpan.FromMinutes(1))
                {
                    Problem("duration", "must be at least 1m (the simulation runs minute by minute)");
                    duration = null;
                }
            }

            var requestsPerMinute = 60.0;
            if (file.Traffic?.RequestsPerMinute is { } rateText)
            {
                if (!TryNumber(rateText, out requestsPerMinute))
                {
                    Problem("traffic.requests_per_minute", $"'{rateText}' is not a number");
                }
                else if (requestsPerMinute <= 0)
                {
                    Problem("traffic.requests_per_minute", $"must be positive, not {rateText}");
                }
            }

            var faults = new List<FaultSpec>();
            foreach (var (entry, i) in (file.Faults ?? []).Select((f, i) => (f, i)))
            {
                if (Fault(entry, $"faults[{i}]", duration) is { } fault)
                {
                    faults.Add(fault);
                }
            }

            var expectations = new List<Expectation>();
            foreach (var (entry, i) in (file.Expect ?? []).Select((e, i) => (e, i)))
            {
                if (Expect(entry, $"expect[{i}]", duration, faults) is { } expectation)
                {
                    expectations.Add(expectation);
                }
            }

            if (_problems.Count > 0)
            {
                return null;
            }

            return new Scenario
            {
                Name = name!,
                Description = file.Description?.Trim() ?? string.Empty,
                Seed = seed,
                Start = start,
                Duration = duration!.Value,
                RequestsPerMinute = requestsPerMinute,
                Faults = faults,
                Expectations = expectations,
            };
        }

        private TimeSpan? Duration(string? text, string path)
        {
            var trimmed = text?.Trim();
            if (trimmed == "0")
            {
                return TimeSpan.Zero; // zero needs no unit
            }

            if (Durations.TryParse(trimmed, out var value))
            {
                return value;
            }

            Problem(path, $"'{text}' is not a duration (e.g. 30s, 90m, 26h, 2d)");
            return null;
        }

        private void Problem(string path, string message, int? line = null) =>
            _problems.Add(new ScenarioProblem(path, message, line ?? LineOf(path)));

        /// <summary>The problems in the order of the file (those without a line, such as a missing top-level key, first).</summary>
        private List<ScenarioProblem> InFileOrder() => [.. _problems.OrderBy(p => p.Line ?? 0)];

        /// <summary>Reports a problem that ends the read (nothing more can be checked) and throws with every problem so far.</summary>
        private void Fail(string path, string message, long? line)
        {
            Problem(path, message, line is { } l ? (int)l : null);
            throw new ScenarioException(sourceName, _problems);
        }

        /// <summary>The line of the path, or of the nearest enclosing path seen (a missing key: the entry it is missing from).</summary>
        private int? LineOf(string path)
        {
            while (path.Length > 0)
            {
                if (_lines.TryGetValue(path, out var line))
                {
                    return line;
                }

                path = path[..Math.Max(0, path.LastIndexOfAny(['.', '[']))];
            }

            return null;
        }
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static DateTimeOffset? Rfc3339(string text)
    {
        var normalized = text.Trim().ToUpperInvariant(); // RFC 3339 allows 't' and 'z'
        return DateTimeOffset.TryParseExact(normalized, Rfc3339Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : null;
    }
}
