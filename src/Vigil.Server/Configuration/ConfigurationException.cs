namespace Vigil.Server.Configuration;

/// <summary>vigil.yaml (or the command line) is invalid; the message lists every problem.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string source, IReadOnlyList<string> errors)
        : base($"{source} is invalid:\n  - " + string.Join("\n  - ", errors))
    {
        Errors = errors;
    }

    public ConfigurationException()
    {
        Errors = [];
    }

    public ConfigurationException(string message)
        : base(message)
    {
        Errors = [message];
    }

    public ConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; }
}
