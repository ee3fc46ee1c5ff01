#!/usr/bin/env bash
# The whole test suite. Installs and starts on 127.0.0.1 what the tests need (ZooKeeper from Debian's
# `zookeeper` package, a standalone server and a three-node ensemble; PostgreSQL), runs every test
# project, stops what it started, and ends with the line `N passed, N failed[, N skipped]`.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD

run=$(mktemp -d /tmp/tracker-test.XXXXXX)
chmod 755 "$run"
export TRACKER_ZK_HOME=$run/zookeeper
export TRACKER_TEST_ZK_SCRIPT=$root/scripts/zk.sh
export TRACKER_TEST_ZK=127.0.0.1:21810
export TRACKER_TEST_ZK_ENSEMBLE=127.0.0.1:21811,127.0.0.1:21812,127.0.0.1:21813
export TRACKER_TEST_POSTGRES="Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres;Pooling=true"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

stop_services() {
  for name in single ens1 ens2 ens3; do scripts/zk.sh stop "$name" || true; done
  # Servers the tests started for themselves (restart and expiry tests) stop here too.
  for pidfile in "$TRACKER_ZK_HOME"/*/pid; do [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true; done
  scripts/postgres.sh stop "$run/postgres" || true
}
trap stop_services EXIT

echo "== services"
scripts/zk.sh install
scripts/zk.sh start single 21810
for id in 1 2 3; do scripts/zk.sh start "ens$id" $((21810 + id)) "$id" "1=21811,2=21812,3=21813"; done
for id in 1 2 3; do scripts/zk.sh wait $((21810 + id)) 60; done
scripts/postgres.sh start "$run/postgres" 54329
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=120 wrk >/dev/null; } || true

command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=120 chromium >/dev/null; }
echo "== build"
dotnet build Tracker.slnx -c Release -nologo -clp:ErrorsOnly -warnaserror

echo "== test"
status=0
dotnet test Tracker.slnx -c Release --no-build -nologo \
  --logger "trx;LogFilePrefix=results" --logger "console;verbosity=minimal" \
  --results-directory "$run/results" --blame-hang-timeout 5m || status=$?

count() { # ATTRIBUTE -> the sum of that counter over every result file
  local total=0 n
  for file in "$run"/results/*.trx; do
    [ -f "$file" ] || continue
    n=$(grep -o "<Counters [^>]*" "$file" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0)
    total=$((total + ${n:-0}))
  done
  echo "$total"
}
passed=$(count passed)
failed=$(count failed)
skipped=$(count notExecuted)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a crash or a hang counts as a failure
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
