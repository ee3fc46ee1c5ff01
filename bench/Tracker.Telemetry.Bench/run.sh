#!/usr/bin/env bash
# The cost of telemetry: requests/s of /v2/topologies/physicalplan and /api/job/{id}/status with
# telemetry on (OpenTelemetry metrics, the Prometheus endpoint scraped every 5 s) against the same
# build with Telemetry:Enabled=false, both with the sandbox, driven by wrk (32 connections).
# The two configurations alternate for ROUNDS rounds so drift on a shared machine hits both alike;
# the median round of each is reported.
#
#   bench/Tracker.Telemetry.Bench/run.sh [DURATION_SECONDS=10] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10} rounds=${2:-3}
port=${TELEMETRY_BENCH_PORT:-18941} sandbox_port=${TELEMETRY_BENCH_SANDBOX_PORT:-18942}
work=$(mktemp -d /tmp/tracker-telemetry-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is needed (test.sh installs it: apt-get install wrk)" >&2; exit 1; }
dotnet build -c Release -v q --nologo src/Tracker >/dev/null
tracker="dotnet src/Tracker/bin/Release/net10.0/Tracker.dll"
api=http://127.0.0.1:$port
auth="Authorization: Basic $(printf 'alice:alice-secret' | base64)"
plan="$api/v2/topologies/physicalplan?cluster=local&environ=default&topology=WordCount"

rps() { awk '/Requests\/sec/ {print $2}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_config() { # NAME ARGS... -> appends "plan status" req/s to $work/NAME
  local name=$1; shift
  rm -rf "$work/data"
  $tracker --sandbox --urls "$api" --Sandbox:Port "$sandbox_port" --Tracker:DataDirectory "$work/data" \
    --Logging:LogLevel:Default Warning "$@" >"$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 200); do curl -sf "$api/health" >/dev/null 2>&1 && break; sleep 0.1; done
  until curl -sf "$plan" >/dev/null 2>&1; do sleep 0.1; done
  local job
  job=$(curl -sf -H "$auth" "$api/api/jobs?filter=name%3Ddaily-aggregation%3Buser%3Dalice" | python3 -c 'import json,sys; print(json.load(sys.stdin)["workflows"][0]["id"])')
  curl -sf -H "$auth" -H 'Content-Type: text/plain' --data "$job" "$api/api/task/track/" >/dev/null
  # A Prometheus server's scrapes, every 5 s (15 s is the usual interval), while telemetry is on.
  local scraper=""
  if curl -sf "$api/metrics" >/dev/null 2>&1; then
    (while sleep 5; do curl -sf "$api/metrics" >/dev/null || true; done) &
    scraper=$!
  fi
  wrk -t2 -c32 -d2s "$plan" >/dev/null; wrk -t2 -c32 -d2s -H "$auth" "$api/api/job/$job/status" >/dev/null   # warm-up
  local p s
  p=$(wrk -t2 -c32 -d"${duration}s" "$plan" | rps)
  s=$(wrk -t2 -c32 -d"${duration}s" -H "$auth" "$api/api/job/$job/status" | rps)
  echo "$p $s" >>"$work/$name"
  echo "  $name: physicalplan $p req/s, job status $s req/s"
  [ -n "$scraper" ] && kill "$scraper" 2>/dev/null
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "== telemetry on vs off, $rounds rounds of ${duration}s per endpoint, 32 connections"
for round in $(seq 1 "$rounds"); do
  echo "round $round"
  run_config on
  run_config off --Telemetry:Enabled false
done

report() { # COLUMN LABEL
  local on off
  on=$(awk "{print \$$1}" "$work/on" | median)
  off=$(awk "{print \$$1}" "$work/off" | median)
  printf '%-34s on %10s req/s   off %10s req/s   on/off %s\n' "$2" "$on" "$off" "$(python3 -c "print(f'{$on/$off:.1%}')")"
}
echo "== medians"
report 1 "/v2/topologies/physicalplan"
report 2 "/api/job/{id}/status"
