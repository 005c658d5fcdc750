#!/usr/bin/env bash
# Runs every test of the solution, with RabbitMQ and s3rver started by scripts/services.sh.
# Usage: scripts/test.sh [--fast] [extra dotnet test args, e.g. --no-build, --filter FullyQualifiedName~Batches]
#   --fast  the inner loop: leaves out the tests of categories Fault (services stopped, faults played for minutes),
#           Cluster (the three-node cluster), Tls (the TLS broker node) and Process (the built worker as a process)
# TRX results go to <repo>/TestResults (cleared first).
set -euo pipefail

FAST_FILTER='Category!=Fault&Category!=Cluster&Category!=Tls&Category!=Process'
args=()
fast=0
for arg in "$@"; do
  if [ "$arg" = --fast ]; then fast=1; else args+=("$arg"); fi
done
if [ "$fast" = 1 ]; then
  for arg in "${args[@]}"; do
    if [ "$arg" = --filter ]; then
      echo "scripts/test.sh: --fast is a filter ($FAST_FILTER); give one or the other" >&2
      exit 2
    fi
  done
  args+=(--filter "$FAST_FILTER")
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export S3RVER_PORT="${S3RVER_PORT:-4568}"
# Broker without the management UI: it adds ~5 s to each broker stop in the fault tests.
export RABBIT_MANAGEMENT="${RABBIT_MANAGEMENT:-0}"
# The services start while the solution builds (a clean clone installs s3rver first): the build does not wait for them.
build=1
for arg in ${args[@]+"${args[@]}"}; do
  if [ "$arg" = --no-build ]; then build=0; fi
done
if [ "$build" = 1 ]; then
  services_log="$(mktemp)"
  bash scripts/services.sh up >"$services_log" 2>&1 &
  services_pid=$!
  build_rc=0
  dotnet build S3Consumer.sln -c Release || build_rc=$?
  services_rc=0
  wait "$services_pid" || services_rc=$?
  cat "$services_log"; rm -f "$services_log"
  [ "$services_rc" -eq 0 ] || exit "$services_rc"
  [ "$build_rc" -eq 0 ] || exit "$build_rc"
  args+=(--no-build)
else
  bash scripts/services.sh up
fi

# Read by the tests; fault tests call the services script (stop-s3, start-rabbit, ...).
export S3CONSUMER_TEST_S3_URL="http://127.0.0.1:$S3RVER_PORT"
export S3CONSUMER_TEST_RABBIT_HOST=localhost
export S3CONSUMER_SERVICES_SCRIPT="$ROOT/scripts/services.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

rm -rf "$ROOT/TestResults"
mkdir -p "$ROOT/TestResults"
# The fault suite appends one line of counts per scenario here; they are printed after the run.
export S3CONSUMER_TEST_REPORT="$ROOT/TestResults/fault-suite.txt"

# The test broker's virtual hosts, queues (with their messages) and bindings (but the default exchange's): every test
# removes what it made, so the run must leave them as it found them; what it left is named after the run, which then
# fails. A typed publish reaches every queue bound to its contract on its virtual host, so a queue with more messages
# than before the run is named too.
broker_state() {
  rabbitmqctl -q list_vhosts name --no-table-headers | sed 's/^/vhost /' || true
  rabbitmqctl -q list_queues name messages --no-table-headers | sed 's/^/queue /' || true
  rabbitmqctl -q list_bindings source_name destination_name routing_key --no-table-headers | awk -F'\t' '$1 != ""' | sed 's/^/binding /' || true
}
broker_state >"$ROOT/TestResults/broker-before.txt"

rc=0
dotnet test S3Consumer.sln -c Release --logger trx --results-directory "$ROOT/TestResults" ${args[@]+"${args[@]}"} || rc=$?
if [ -s "$S3CONSUMER_TEST_REPORT" ]; then
  echo "Fault suite:"
  sed 's/^/  /' "$S3CONSUMER_TEST_REPORT"
fi

broker_state >"$ROOT/TestResults/broker-after.txt"
leftovers=$(python3 scripts/broker-leftovers.py "$ROOT/TestResults/broker-before.txt" "$ROOT/TestResults/broker-after.txt")
if [ -n "$leftovers" ]; then
  echo "The run left this on the test broker (every test must remove what it makes):"
  echo "$leftovers"
  [ "$rc" -ne 0 ] || rc=1
fi
exit "$rc"
