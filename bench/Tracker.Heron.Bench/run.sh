#!/usr/bin/env bash
# Heron state endpoints under load: Tracker with N generated topologies vs a bare Kestrel endpoint
# returning bodies of the same sizes, both driven by wrk (32 connections).
#
#   bench/Tracker.Heron.Bench/run.sh [TOPOLOGIES=200] [INSTANCES=100] [CONTAINERS=10] [DURATION=5s]
#
# Tracker runs the workstation GC (src/Tracker/Tracker.csproj); DOTNET_gcServer=1 measures with the server GC.
# Prints: time until every topology is served, resident memory the state adds, and per endpoint
# requests/s and p99 latency for Tracker and the bare endpoint.
set -euo pipefail
cd "$(dirname "$0")/../.."

topologies=${1:-200} instances=${2:-100} containers=${3:-10} duration=${4:-5s}
tracker_port=${TRACKER_BENCH_PORT:-18931} bare_port=${BARE_BENCH_PORT:-18932}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

dotnet build -c Release -v q --nologo src/Tracker >/dev/null
dotnet build -c Release -v q --nologo bench/Tracker.Heron.Bench >/dev/null
tracker=src/Tracker/bin/Release/net10.0/Tracker
bench=bench/Tracker.Heron.Bench/bin/Release/net10.0/Tracker.Heron.Bench

"$bench" generate "$work/one" 1 "$instances" "$containers"
"$bench" generate "$work/state" "$topologies" "$instances" "$containers"

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# Resident memory is read once Tracker has been quiet for 12 s: it gives the GC's spare memory
# back within two 5 s checks of going quiet (Tracker:IdleMemoryTrim).
quiet() { sleep 12; }
start_tracker() { # ROOT
  "$tracker" --urls "http://127.0.0.1:$tracker_port" --Tracker:DataDirectory "$work/data" --Logging:LogLevel:Default Warning \
    --Heron:StateManagers:0:Type file --Heron:StateManagers:0:Name local --Heron:StateManagers:0:RootPath "$1" >"$work/tracker.log" 2>&1 &
  echo $!
}
wait_listening() {
  until curl -sf "http://127.0.0.1:$tracker_port/health" >/dev/null; do sleep 0.02; done
}

# Baseline: the same process with one topology, after the same kinds of requests, so code loaded
# and compiled for serving state is not counted as state.
pid=$(start_tracker "$work/one"); pids+=("$pid")
wait_listening
until curl -sf "http://127.0.0.1:$tracker_port/v2/topologies" | grep -q Bench0000; do sleep 0.02; done
for e in info physicalplan; do curl -sf "http://127.0.0.1:$tracker_port/v2/topologies/$e?cluster=local&environ=default&topology=Bench0000" >/dev/null; done
curl -sf "http://127.0.0.1:$tracker_port/v2/topologies/states" >/dev/null
quiet
base=$(rss_kib "$pid")
kill "$pid"; wait "$pid" 2>/dev/null || true

started=$(date +%s.%N)
pid=$(start_tracker "$work/state"); pids+=("$pid")
wait_listening
listening=$(date +%s.%N)
count=0
until [ "$count" -ge "$topologies" ]; do
  count=$(curl -sf "http://127.0.0.1:$tracker_port/v2/topologies" | grep -o '"Bench[0-9]*"' | wc -l)
done
served=$(date +%s.%N)
# Render every topology's answers once, as clients would.
for i in $(seq 0 $((topologies - 1))); do
  name=$(printf 'Bench%04d' "$i")
  for e in info physicalplan; do curl -sf "http://127.0.0.1:$tracker_port/v2/topologies/$e?cluster=local&environ=default&topology=$name" >/dev/null; done
done
sleep 1
busy=$(rss_kib "$pid")
quiet
loaded=$(rss_kib "$pid")

q="cluster=local&environ=default&topology=Bench0000"
curl -sf "http://127.0.0.1:$tracker_port/v2/topologies/info?$q" >"$work/info.json"
curl -sf "http://127.0.0.1:$tracker_port/v2/topologies/physicalplan?$q" >"$work/physicalplan.json"
curl -sf "http://127.0.0.1:$tracker_port/v2/topologies/states" >"$work/states.json"
"$bench" bare "$bare_port" "$work/info.json" "$work/physicalplan.json" "$work/states.json" & pids+=("$!")
until curl -sf "http://127.0.0.1:$bare_port/1" >/dev/null; do sleep 0.05; done

printf 'topologies=%s instances=%s containers=%s  load average: %s\n' "$topologies" "$instances" "$containers" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'listening %.3f s after start; all %s topologies served %.3f s after start (%.3f s after listening)\n' \
  "$(echo "$listening - $started" | bc)" "$topologies" "$(echo "$served - $started" | bc)" "$(echo "$served - $listening" | bc)"
printf 'resident memory, quiet: %d KiB with 1 topology, %d KiB with %s (their info and physical plan rendered): +%.1f MiB (GC: %s)\n' \
  "$base" "$loaded" "$topologies" "$(echo "($loaded - $base) / 1024" | bc -l)" "$([ "${DOTNET_gcServer:-}" = 1 ] && echo server || echo workstation)"
printf 'resident memory right after rendering: %d KiB (+%.1f MiB)\n' "$busy" "$(echo "($busy - $base) / 1024" | bc -l)"

run() { # LABEL URL
  local out; out=$(wrk -t2 -c32 -d"$duration" --latency "$2")
  printf '%-34s %10s req/s  p99 %8s\n' "$1" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}
i=1
for e in info physicalplan states; do
  size=$(stat -c %s "$work/$e.json")
  path="/v2/topologies/$e?$q"; [ "$e" = states ] && path="/v2/topologies/states"
  run "tracker /v2/topologies/$e (${size} B)" "http://127.0.0.1:$tracker_port$path"
  run "bare    /$i (${size} B)" "http://127.0.0.1:$bare_port/$i"
  i=$((i + 1))
done
