#!/usr/bin/env bash
# Builds the benchmarks and the vigil CLI in Release, then runs the ingest, the query and the SLO
# benchmark with their defaults (ingest ~3 minutes; query: the first run generates 10 M spans and caches
# them under bench/results/query-data, later runs reuse them; SLO ~2 minutes). Reports are saved under
# bench/results.
#
#   bench/run.sh                                   # ingest, query and slo, defaults
#   INGEST_ARGS="--clients 16" QUERY_ARGS="--spans 2000000" SLO_ARGS="--ticks 60" bench/run.sh
#   bench/run.sh ingest | bench/run.sh query | bench/run.sh slo    # one of them
#   bench/run.sh simulator                         # the simulated week in process (~3 minutes; not part of "all")
#   bench/run.sh evals                             # online-evaluation scorers, in process (~2 minutes; not part of "all")
#   EVALS_ARGS="--scorers similarity,llm_judge --seconds 5" bench/run.sh evals
#   bench/run.sh detectors                         # every acme detector over a simulated day, in process (~3 minutes; not part of "all")
#   DETECTORS_ARGS="--hours 6 --runs 3" bench/run.sh detectors
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

which="${1:-all}"
case "$which" in all|ingest|query|slo|simulator|evals|detectors) ;; *) echo "usage: bench/run.sh [all|ingest|query|slo|simulator|evals|detectors]" >&2; exit 2 ;; esac

if [[ "$which" == evals ]]; then
  # In process (a Vigil host filled by the simulator, the scorers, a fake OpenAI-compatible judge on loopback):
  # needs no vigil CLI, so it skips the builds below.
  dotnet build bench/Vigil.Bench.Evals/Vigil.Bench.Evals.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
  # shellcheck disable=SC2086
  dotnet run -c Release --no-build --project bench/Vigil.Bench.Evals -- ${EVALS_ARGS:-}
  exit 0
fi

if [[ "$which" == detectors ]]; then
  # In process (a Vigil host on a simulated clock filled by the simulator, DetectorEngine driven by the benchmark):
  # needs no vigil CLI, so it skips the builds below.
  dotnet build bench/Vigil.Bench.Detectors/Vigil.Bench.Detectors.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
  # shellcheck disable=SC2086
  dotnet run -c Release --no-build --project bench/Vigil.Bench.Detectors -- ${DETECTORS_ARGS:-}
  exit 0
fi

# Each benchmark project builds src/Vigil.Cli in the same configuration (a build-only project reference).
dotnet build bench/Vigil.Bench.Ingest/Vigil.Bench.Ingest.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/Vigil.Bench.Query/Vigil.Bench.Query.csproj -c Release -nologo -v quiet -clp:ErrorsOnly

if [[ "$which" == simulator ]]; then
  dotnet build bench/Vigil.Bench.Simulator/Vigil.Bench.Simulator.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
  # shellcheck disable=SC2086
  dotnet run -c Release --no-build --project bench/Vigil.Bench.Simulator -- ${SIMULATOR_ARGS:-}
  exit 0
fi
if [[ "$which" == all || "$which" == ingest ]]; then
  # shellcheck disable=SC2086
  dotnet run -c Release --no-build --project bench/Vigil.Bench.Ingest -- ${INGEST_ARGS:-}
fi
if [[ "$which" == all || "$which" == query ]]; then
  # shellcheck disable=SC2086
  dotnet run -c Release --no-build --project bench/Vigil.Bench.Query -- ${QUERY_ARGS:-}
fi
if [[ "$which" == all || "$which" == slo ]]; then
  # In process (SloRuntime, SloEngine and the DuckDB store; no child server).
  dotnet build bench/Vigil.Bench.Slo/Vigil.Bench.Slo.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
  # shellcheck disable=SC2086
  dotnet run -c Release --no-build --project bench/Vigil.Bench.Slo -- ${SLO_ARGS:-}
fi
