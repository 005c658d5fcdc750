#!/usr/bin/env bash
# Runs every test of the solution, with RabbitMQ and s3rver started by scripts/services.sh.
# Usage: scripts/test.sh [extra dotnet test args, e.g. --filter Category!=Fault]
# TRX results go to <repo>/TestResults (cleared first).
set -euo pipefail

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
dotnet test S3Consumer.sln -c Release --logger trx --results-directory "$ROOT/TestResults" "$@" || rc=$?
if [ -s "$S3CONSUMER_TEST_REPORT" ]; then
  echo "Fault suite:"
  sed 's/^/  /' "$S3CONSUMER_TEST_REPORT"
fi
exit "$rc"
