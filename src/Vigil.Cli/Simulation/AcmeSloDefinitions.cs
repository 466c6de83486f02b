using Vigil.Core.Slos;
using Vigil.Server.Configuration;
using Vigil.Server.Detectors;
using Vigil.Server.Evaluation;
using Vigil.Simulator.Application;

namespace Vigil.Cli.Simulation;

/// <summary>acme's SLOs and online evaluation (<c>scenarios/slos/acme.yaml</c>), parsed by the server's configuration loader: what the demo and game days evaluate.</summary>
internal static class AcmeSloDefinitions
{
    public static IReadOnlyList<SloDefinition> Load() => VigilConfigLoader.Parse(AcmeSlos.Yaml(), AcmeSlos.Source).Slos;

    /// <summary>acme's online evaluation (the same file's <c>evaluation:</c>): what the demo scores.</summary>
    public static EvaluationSettings Evaluation() => VigilConfigLoader.Parse(AcmeSlos.Yaml(), AcmeSlos.Source).Evaluation;

    /// <summary>acme's detector settings (the same file's <c>detectors:</c>): what the demo and game days run.</summary>
    public static DetectorSettings Detectors() => VigilConfigLoader.Parse(AcmeSlos.Yaml(), AcmeSlos.Source).Detectors;
}
