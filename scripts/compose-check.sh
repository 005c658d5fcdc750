#!/usr/bin/env bash
# Parses docker-compose.yml as Compose does, without a Docker engine: Debian's docker-compose (installed with apt
# when missing, as scripts/services.sh installs RabbitMQ) reads and validates the file. Prints the parser's message and
# fails if the file is not valid. Run by .ci/run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v docker-compose >/dev/null; then
  echo "[compose-check] installing docker-compose (apt) ..." >&2
  (
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends docker-compose </dev/null
  ) >/dev/null 2>&1 || { echo "[compose-check] ERROR: apt-get install docker-compose failed" >&2; exit 1; }
fi

if ! problem=$(docker-compose -f "$ROOT/docker-compose.yml" config --quiet 2>&1); then
  echo "[compose-check] docker-compose.yml is not valid: $problem" >&2
  exit 1
fi
echo "[compose-check] docker-compose.yml is valid ($(docker-compose version --short))" >&2
