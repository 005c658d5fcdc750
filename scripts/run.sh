#!/usr/bin/env bash
# Runs the worker with its services.
#   Docker engine reachable: docker compose up --build (docker-compose.yml at the repo root: RabbitMQ 4.3,
#   SeaweedFS with the bucket s3consumer-dev, Jaeger v2, the worker); docker-compose where the compose plugin is missing.
#   Otherwise: local RabbitMQ + s3rver via scripts/services.sh, bucket s3consumer-dev,
#   then the worker with the Development config. Extra args go to docker compose / dotnet run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  echo "[run] RabbitMQ amqp://guest:guest@localhost:5672 (UI http://localhost:15672), S3 (SeaweedFS)" \
    "http://localhost:8333 (key/secret s3consumer/s3consumer-secret), Jaeger http://localhost:16686, worker :8080" >&2
  if docker compose version >/dev/null 2>&1; then
    exec docker compose up --build "$@"
  fi
  exec docker-compose up --build "$@"
fi

S3RVER_PORT="${S3RVER_PORT:-4568}"
RABBIT_MANAGEMENT="${RABBIT_MANAGEMENT:-1}" bash scripts/services.sh up
# The broker may already run without the management UI (scripts/test.sh disables it):
# enable it on the live node, it is handy when running the worker by hand.
if [ "${RABBIT_MANAGEMENT:-1}" = 1 ] && ! (exec 3<>/dev/tcp/127.0.0.1/15672) 2>/dev/null; then
  rabbitmq-plugins -q enable rabbitmq_management >/dev/null || echo "[run] (management UI not enabled)" >&2
fi

# s3rver accepts unsigned requests: create the bucket, 409 = it already exists.
bucket=s3consumer-dev
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "http://127.0.0.1:$S3RVER_PORT/$bucket")
case "$code" in
  200) echo "[run] created bucket $bucket" >&2 ;;
  409) ;;
  *) echo "[run] ERROR: creating bucket $bucket returned HTTP $code" >&2; exit 1 ;;
esac

echo "[run] RabbitMQ amqp://guest:guest@localhost:5672 (UI http://localhost:15672 if enabled)," \
  "S3 http://127.0.0.1:$S3RVER_PORT (key/secret S3RVER/S3RVER)" >&2
export DOTNET_ENVIRONMENT=Development
exec dotnet run --project src/S3Consumer.Worker "$@"
