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
bash scripts/services.sh up

# Read by the tests; fault tests call the services script (stop-s3, start-rabbit, ...).
export S3CONSUMER_TEST_S3_URL="http://127.0.0.1:$S3RVER_PORT"
export S3CONSUMER_TEST_RABBIT_HOST=localhost
export S3CONSUMER_SERVICES_SCRIPT="$ROOT/scripts/services.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

rm -rf "$ROOT/TestResults"
mkdir -p "$ROOT/TestResults"
# The fault suite appends one line of counts per scenario here; they are printed after the run.
export S3CONSUMER_TEST_REPORT="$ROOT/TestResults/fault-suite.txt"
rc=0
dotnet test S3Consumer.sln -c Release --logger trx --results-directory "$ROOT/TestResults" ${args[@]+"${args[@]}"} || rc=$?
if [ -s "$S3CONSUMER_TEST_REPORT" ]; then
  echo "Fault suite:"
  sed 's/^/  /' "$S3CONSUMER_TEST_REPORT"
fi
exit "$rc"
