namespace Vigil.Server.Configuration.Slos;

/// <summary>
/// The problems of one source (vigil.yaml, or one OpenSLO document), each at its key path. A key
/// reported once gets no second error: a later check of the same key, or of a key inside it, is
/// dropped, so a bad value is not also reported as a missing one.
/// </summary>
internal sealed class ErrorList(string prefix = "")
{
    private readonly List<string> _messages = [];
    private readonly List<string> _paths = [];

    public int Count => _messages.Count;

    public IReadOnlyList<string> Messages => _messages;

    public void Add(string path, string message)
    {
        _paths.Add(path);
        _messages.Add(path.Length == 0 ? prefix + message : $"{prefix}{path}: {message}");
    }

    /// <summary>Adds the error unless the key (or one around or inside it) already has one.</summary>
    public void AddOnce(string path, string message)
    {
        if (!Covers(path))
        {
            Add(path, message);
        }
    }

    /// <summary>Marks a key as failed without a message here (its problem is reported elsewhere).</summary>
    public void Block(string path) => _paths.Add(path);

    public bool Covers(string path) => _paths.Exists(p => p == path || Within(p, path) || Within(path, p));

    private static bool Within(string inner, string outer) =>
        inner.Length > outer.Length && inner.StartsWith(outer, StringComparison.Ordinal)
        && (outer.Length == 0 || inner[outer.Length] is '.' or '[');
}
