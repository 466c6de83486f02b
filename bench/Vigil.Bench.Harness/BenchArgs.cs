using System.Globalization;

namespace Vigil.Bench.Harness;

/// <summary>
/// <c>--name value</c> and <c>--flag</c> arguments. Every option read is remembered, so that
/// <see cref="ThrowOnUnknown"/> can name any argument that no option consumed (a misspelt option
/// must not be ignored silently).
/// </summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];

    public BenchArgs(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                _errors.Add($"unexpected argument '{arg}'");
                continue;
            }

            var name = arg[2..];
            var value = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            _values[name] = value;
        }
    }

    public bool Help => Flag("help");

    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var value))
        {
            return false;
        }

        if (value is not null)
        {
            _errors.Add($"--{name} takes no value (got '{value}')");
        }

        return true;
    }

    public string? Text(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value is null)
        {
            _errors.Add($"--{name} needs a value");
        }

        return value;
    }

    public int Number(string name, int fallback, int min, int max)
    {
        var text = Text(name)?.Replace("_", string.Empty, StringComparison.Ordinal);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        _errors.Add($"--{name}: '{text}' is not an integer from {min} to {max}");
        return fallback;
    }

    /// <summary>A range written <c>A-B</c>, or a single number meaning <c>N-N</c>.</summary>
    public (int Min, int Max) Range(string name, (int Min, int Max) fallback, int min, int max)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        var parts = text.Split('-', 2);
        if (int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var low)
            && (parts.Length == 1 || int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
        {
            var high = parts.Length == 1 ? low : int.Parse(parts[1], CultureInfo.InvariantCulture);
            if (low >= min && high <= max && low <= high)
            {
                return (low, high);
            }
        }

        _errors.Add($"--{name}: '{text}' is not N or A-B with {min} <= A <= B <= {max}");
        return fallback;
    }

    /// <summary>Throws listing every problem: bad values and arguments no option consumed.</summary>
    public void ThrowOnUnknown()
    {
        var errors = new List<string>(_errors);
        errors.AddRange(_values.Keys.Where(k => !_read.Contains(k)).Select(k => $"unknown option --{k}"));
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }
    }
}
