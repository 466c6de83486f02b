using Vigil.Core.Slos;
using Vigil.Server.Configuration;
using Vigil.Simulator.Application;

namespace Vigil.Cli.Simulation;

/// <summary>acme's SLOs (<c>scenarios/slos/acme.yaml</c>), parsed by the server's configuration loader: what the demo and game days evaluate.</summary>
internal static class AcmeSloDefinitions
{
    public static IReadOnlyList<SloDefinition> Load() => VigilConfigLoader.Parse(AcmeSlos.Yaml(), AcmeSlos.Source).Slos;
}
