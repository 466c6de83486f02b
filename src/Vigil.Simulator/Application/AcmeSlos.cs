namespace Vigil.Simulator.Application;

/// <summary>
/// The SLOs acme's teams would set: <c>scenarios/slos/acme.yaml</c>, embedded in this assembly, in
/// vigil.yaml's format (the server's configuration loader parses it).
/// </summary>
public static class AcmeSlos
{
    public const string Source = "scenarios/slos/acme.yaml";

    private const string Resource = "Vigil.Simulator.Application.acme-slos.yaml";

    public static string Yaml()
    {
        using var stream = typeof(AcmeSlos).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the embedded SLO file '{Resource}' is missing from this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
