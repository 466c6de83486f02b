using System.Globalization;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// The problems found in one request, for the partial-success message: the first
/// <see cref="MaxMessages"/> in full, then one line counting the rest.
/// </summary>
internal sealed class ErrorList
{
    public const int MaxMessages = 10;

    private readonly List<string> _messages = [];
    private int _suppressed;

    public void Add(string message)
    {
        if (_messages.Count < MaxMessages)
        {
            _messages.Add(message);
        }
        else
        {
            _suppressed++;
        }
    }

    public IReadOnlyList<string> ToList()
    {
        if (_suppressed > 0)
        {
            _messages.Add(string.Create(CultureInfo.InvariantCulture, $"… and {_suppressed} more"));
            _suppressed = 0;
        }

        return _messages;
    }
}
