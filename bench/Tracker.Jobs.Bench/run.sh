#!/usr/bin/env bash
# Loads the job tracker with wrk and compares it with a bare Kestrel endpoint returning a body of the same size.
#   1. /api/job/{id}/status with credentials vs. the bare endpoint, 32 connections
#   2. /api/jobs/tracking for 100 tracked jobs
#   3. the tracking worker's CPU with N tracked running jobs at the default 30 s interval, measured in a
#      second Tracker process that talks to the first one's sandbox (so the emulated cluster's own CPU is not counted)
# Usage: bench/Tracker.Jobs.Bench/run.sh [DURATION_SECONDS=10] [RUNNING_JOBS=10000] [CPU_WINDOW_SECONDS=60]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
RUNNING=${2:-10000}
WINDOW=${3:-60}
WORK=$(mktemp -d /tmp/tracker-jobs-bench.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build -c Release src/Tracker -v quiet -nologo >/dev/null
dotnet build -c Release bench/Tracker.Jobs.Bench -v quiet -nologo >/dev/null
TRACKER="dotnet src/Tracker/bin/Release/net10.0/Tracker.dll"
BENCH="dotnet bench/Tracker.Jobs.Bench/bin/Release/net10.0/Tracker.Jobs.Bench.dll"
AUTH="Authorization: Basic $(printf 'alice:alice-secret' | base64)"
API=http://127.0.0.1:18888
GATEWAY=http://127.0.0.1:18890/gateway/sandbox

wait_for() { for _ in $(seq 1 100); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "no answer from $1" >&2; exit 1; }
rps() { awk '/Requests\/sec/ {print $2}'; }

$TRACKER --sandbox --urls $API --Sandbox:Port 18890 --Tracker:DataDirectory "$WORK/a" --Logging:LogLevel:Default Warning >"$WORK/a.log" 2>&1 &
PIDS+=($!)
wait_for $API/health

JOB=$(curl -sf -H "$AUTH" "$API/api/jobs?filter=name%3Ddaily-aggregation%3Buser%3Dalice" | python3 -c 'import json,sys; print(json.load(sys.stdin)["workflows"][0]["id"])')
curl -sf -H "$AUTH" -H 'Content-Type: text/plain' --data "$JOB" $API/api/task/track/ >/dev/null
BYTES=$(curl -sf -H "$AUTH" "$API/api/job/$JOB/status" | wc -c)
$BENCH bare 18899 "$BYTES" &
PIDS+=($!)
wait_for http://127.0.0.1:18899/

echo "== 1. /api/job/{id}/status ($BYTES bytes) vs bare Kestrel, 32 connections, ${DURATION}s each"
STATUS=$(wrk -t2 -c32 -d"${DURATION}s" -H "$AUTH" "$API/api/job/$JOB/status" | tee "$WORK/status.txt" | rps)
BARE=$(wrk -t2 -c32 -d"${DURATION}s" http://127.0.0.1:18899/ | tee "$WORK/bare.txt" | rps)
grep -E "Latency|Non-2xx" "$WORK/status.txt" || true
echo "tracker status: $STATUS req/s   bare: $BARE req/s   ratio: $(python3 -c "print(f'{$STATUS/$BARE:.0%}')")"

echo "== 2. /api/jobs/tracking with 100 tracked jobs"
$BENCH submit $GATEWAY alice alice-secret 99 SUCCEEDED 0 >"$WORK/hundred.txt"
$BENCH track $API alice alice-secret "$WORK/hundred.txt" >/dev/null
COUNT=$(curl -sf -H "$AUTH" $API/api/jobs/tracking | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
TRACKING_BYTES=$(curl -sf -H "$AUTH" $API/api/jobs/tracking | wc -c)
TRACKING=$(wrk -t2 -c32 -d"${DURATION}s" -H "$AUTH" $API/api/jobs/tracking | tee "$WORK/tracking.txt" | rps)
grep Latency "$WORK/tracking.txt"
echo "tracking list of $COUNT jobs ($TRACKING_BYTES bytes): $TRACKING req/s"

[ "$RUNNING" -gt 0 ] || exit 0
echo "== 3. worker CPU with $RUNNING tracked running jobs, default poll interval (30 s)"
$BENCH submit $GATEWAY bob bob-secret "$RUNNING" SUCCEEDED 86400 >"$WORK/running.txt"
$TRACKER --urls http://127.0.0.1:18887 --Tracker:DataDirectory "$WORK/b" --Jobs:Gateway:Url $GATEWAY --Logging:LogLevel:Default Warning >"$WORK/b.log" 2>&1 &
WORKER=$!
PIDS+=($WORKER)
wait_for http://127.0.0.1:18887/health
START=$(date +%s)
TRACKED=$($BENCH track http://127.0.0.1:18887 bob bob-secret "$WORK/running.txt")
echo "tracked $TRACKED jobs in $(( $(date +%s) - START )) s"
sleep 35   # the first poll of each job comes one interval after it was tracked
ticks() { awk '{print $14 + $15}' /proc/$WORKER/stat; }
HZ=$(getconf CLK_TCK)
T0=$(ticks); sleep "$WINDOW"; T1=$(ticks)
echo "worker process CPU over ${WINDOW}s: $(python3 -c "print(f'{($T1-$T0)/$HZ/$WINDOW:.1%}')") of one core"
