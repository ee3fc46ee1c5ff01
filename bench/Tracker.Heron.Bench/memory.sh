#!/usr/bin/env bash
# Resident memory the Heron state adds to one Tracker process (Release build): no topology, then one,
# then N generated topologies, each with every state endpoint served once in both API styles.
#
#   bench/Tracker.Heron.Bench/memory.sh [TOPOLOGIES=200] [INSTANCES=100] [CONTAINERS=10]
#
# DOTNET_gcServer=1 (or 0) in the environment overrides the GC mode configured in src/Tracker.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release -v q --nologo src/Tracker >/dev/null
dotnet build -c Release -v q --nologo bench/Tracker.Heron.Bench >/dev/null
bench/Tracker.Heron.Bench/bin/Release/net10.0/Tracker.Heron.Bench memory src/Tracker/bin/Release/net10.0/Tracker "${1:-200}" "${2:-100}" "${3:-10}"
