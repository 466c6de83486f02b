using System.Globalization;
using System.Net;

namespace Vigil.Server.Configuration;

/// <summary>A HOST:PORT to listen on ("127.0.0.1:4318", "[::1]:4318", "0.0.0.0:4318", "localhost:0").</summary>
public sealed record ListenAddress(string Host, int Port)
{
    public bool IsLoopback =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    public string Url => $"http://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses a validated address; throws <see cref="FormatException"/> naming the problem otherwise.</summary>
    public static ListenAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    public static bool TryParse(string? text, out ListenAddress address, out string? error)
    {
        address = new ListenAddress("127.0.0.1", 0);
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty; expected HOST:PORT such as 127.0.0.1:4318";
            return false;
        }

        var value = text.Trim();
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            value = value["http://".Length..].TrimEnd('/');
        }

        var colon = value.LastIndexOf(':');
        if (colon <= 0 || colon == value.Length - 1)
        {
            error = $"'{text}' is not HOST:PORT (e.g. 127.0.0.1:4318)";
            return false;
        }

        var host = value[..colon].Trim('[', ']');
        if (!int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"'{text}': port must be a number from 0 to 65535";
            return false;
        }

        if (!host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(host, out _))
        {
            error = $"'{text}': host must be an IP address or localhost";
            return false;
        }

        address = new ListenAddress(host, port);
        return true;
    }
}
