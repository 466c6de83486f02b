#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need on a fresh Debian machine first.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build Vigil.slnx -c Release -nologo -v quiet -clp:ErrorsOnly
# One test project at a time (-m:1): on two cores, the server, simulator and CLI suites each start
# real servers, and running them side by side only makes every one of them slower and flakier.
dotnet test Vigil.slnx -c Release --no-build -nologo -v quiet -m:1 -- RunConfiguration.CollectSourceInformation=false
