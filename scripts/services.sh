#!/usr/bin/env bash
# Local services for S3Consumer tests and runs, without Docker or systemd:
#   RabbitMQ (Debian package) on localhost:5672, guest/guest (+ management UI on :15672)
#   s3rver 3.7.1 (npm, pinned by scripts/s3rver/package-lock.json) on 127.0.0.1:$S3RVER_PORT (4568); another
#   S3RVER_PORT is another server, with its own pid, log and data, which start-s3/stop-s3 on 4568 never touch
# Usage: scripts/services.sh up|down|status|start-s3|stop-s3|start-rabbit|stop-rabbit|restart-rabbit
# Installs what is missing (idempotent); `up` does nothing when both already answer.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.services"                 # gitignored
S3RVER_PORT="${S3RVER_PORT:-4568}"
S3RVER_HOME="$STATE/s3rver"             # npm ci target
S3RVER_DATA="$STATE/s3rver-data"        # buckets/objects; survive stop-s3/start-s3
[ "$S3RVER_PORT" = 4568 ] || S3RVER_DATA="$S3RVER_DATA-$S3RVER_PORT"
S3RVER_PID="$STATE/s3rver-$S3RVER_PORT.pid"
S3RVER_LOG="$STATE/s3rver-$S3RVER_PORT.log"
RABBIT_TIMEOUT="${RABBIT_TIMEOUT:-120}" # seconds
S3_TIMEOUT="${S3_TIMEOUT:-30}"
# Management UI (:15672) is applied whenever the broker is (re)started by this script.
# It adds ~5 s to every broker stop, so scripts/test.sh sets RABBIT_MANAGEMENT=0.
RABBIT_MANAGEMENT="${RABBIT_MANAGEMENT:-1}"
# Fixed node name: the mnesia dir (durable queues) is named after it, so it must not
# depend on the machine's hostname, which may change between sessions.
RABBIT_NODE=rabbit@localhost

LOG_TAG=services
# shellcheck source=daemons.sh
. "$ROOT/scripts/daemons.sh"

# ---------------------------------------------------------------- RabbitMQ
rabbit_installed() {
  [ "$(dpkg-query -W -f='${Status}' rabbitmq-server 2>/dev/null)" = "install ok installed" ]
}

install_rabbit() {
  rabbit_installed && return 0
  local t0; t0=$(now)
  log "installing rabbitmq-server (apt, log: $STATE/apt.log) ..."
  mkdir -p "$STATE"
  (
    # No init system here: postinst must not try to start the broker (hangs or fails);
    # policy-rc.d exit 101 = "action forbidden". Removed again unless it pre-existed.
    prc=/usr/sbin/policy-rc.d
    if [ ! -e $prc ]; then
      printf '#!/bin/sh\nexit 101\n' >$prc && chmod +x $prc
      trap 'rm -f '$prc EXIT
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold \
      rabbitmq-server </dev/null
  ) >"$STATE/apt.log" 2>&1 || { tail -n 20 "$STATE/apt.log" >&2; die "apt-get install rabbitmq-server failed"; }
  log "rabbitmq-server installed in $(since "$t0") s"
}

configure_rabbit() {
  local envf=/etc/rabbitmq/rabbitmq-env.conf
  if ! grep -qx "NODENAME=$RABBIT_NODE" $envf 2>/dev/null; then
    echo "NODENAME=$RABBIT_NODE" >>$envf
  fi
  local on=0
  grep -qs 'rabbitmq_management\b' /etc/rabbitmq/enabled_plugins && on=1
  if [ "$RABBIT_MANAGEMENT" != "$on" ]; then
    if [ "$RABBIT_MANAGEMENT" = 1 ]; then
      rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
    else
      rabbitmq-plugins disable --offline rabbitmq_management >/dev/null
    fi
  fi
}

rabbit_pid() {
  local f=/var/lib/rabbitmq/mnesia/$RABBIT_NODE.pid p
  p=$(cat "$f" 2>/dev/null) || return 1
  # the pid file outlives a killed broker: make sure the pid is still an Erlang VM
  [ -n "$p" ] && alive "$p" && grep -qs beam "/proc/$p/comm" && echo "$p"
}

# Launch only; wait_rabbit blocks until AMQP answers.
launch_rabbit() {
  install_rabbit
  configure_rabbit
  port_open 5672 && return 0
  if ! rabbit_pid >/dev/null; then
    # The /usr/sbin wrapper su's to the rabbitmq user (its HOME holds the Erlang cookie
    # that rabbitmqctl uses too); -detached daemonizes, so no systemd/init.d needed.
    rabbitmq-server -detached
  fi
}

wait_rabbit() {
  local deadline=$((SECONDS + RABBIT_TIMEOUT))
  until port_open 5672; do
    if [ $SECONDS -ge $deadline ]; then
      tail -n 30 /var/log/rabbitmq/$RABBIT_NODE.log >&2 2>/dev/null || true
      die "RabbitMQ did not accept connections on localhost:5672 within ${RABBIT_TIMEOUT}s (log: /var/log/rabbitmq/$RABBIT_NODE.log)"
    fi
    sleep 0.3
  done
  rabbitmqctl -q await_startup --timeout "$RABBIT_TIMEOUT" >/dev/null \
    || die "rabbitmqctl await_startup failed (log: /var/log/rabbitmq/$RABBIT_NODE.log)"
}

start_rabbit() {
  local t0; t0=$(now)
  if port_open 5672; then log "RabbitMQ already running"; return 0; fi
  launch_rabbit
  wait_rabbit
  log "RabbitMQ started in $(since "$t0") s (amqp://guest:guest@localhost:5672)"
}

stop_rabbit() {
  local t0; t0=$(now)
  if ! rabbit_installed || { ! rabbit_pid >/dev/null && ! port_open 5672; }; then
    log "RabbitMQ not running"; return 0
  fi
  local p
  if p=$(rabbit_pid); then
    # SIGTERM = graceful shutdown (same as rabbitmqctl shutdown, minus ~1 s of CLI startup).
    kill -TERM "$p"
    local deadline=$((SECONDS + RABBIT_TIMEOUT))
    while alive "$p"; do
      [ $SECONDS -ge $deadline ] && die "RabbitMQ (pid $p) did not exit within ${RABBIT_TIMEOUT}s"
      sleep 0.1
    done
  else
    # no pid file: shutdown (unlike stop) returns only after the OS process has exited
    rabbitmqctl -q shutdown >/dev/null || die "rabbitmqctl shutdown failed"
  fi
  log "RabbitMQ stopped in $(since "$t0") s"
}

# ---------------------------------------------------------------- s3rver
install_s3rver() {
  local lock="$ROOT/scripts/s3rver/package-lock.json"
  if cmp -s "$lock" "$S3RVER_HOME/package-lock.json" && [ -f "$S3RVER_HOME/node_modules/s3rver/bin/s3rver.js" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null; then
    log "npm missing: installing nodejs/npm (apt) ..."
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm </dev/null >/dev/null
  fi
  log "installing s3rver (npm ci) into $S3RVER_HOME ..."
  mkdir -p "$S3RVER_HOME"
  cp "$ROOT/scripts/s3rver/package.json" "$lock" "$S3RVER_HOME/"
  (cd "$S3RVER_HOME" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null) \
    || die "npm ci for s3rver failed"
}

s3_pid() {
  local p
  p=$(cat "$S3RVER_PID" 2>/dev/null) || return 1
  # guard against a recycled pid
  alive "$p" && grep -qs s3rver "/proc/$p/cmdline" && echo "$p"
}

s3_answers() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$S3RVER_PORT/"; }

start_s3() {
  if s3_answers; then log "s3rver already running on :$S3RVER_PORT"; return 0; fi
  install_s3rver
  mkdir -p "$S3RVER_DATA"
  if ! s3_pid >/dev/null; then
    # setsid: own session, so it outlives the caller (CI step, dotnet test fault tests). setsid forks
    # when its caller leads a process group (a shell with job control), so $! would name a process
    # that is already gone: the inner shell records its own pid, then becomes node with exec.
    # The legacy OpenSSL provider: s3rver encrypts ListObjects continuation tokens with a cipher
    # that Node 20's OpenSSL 3 refuses otherwise (listings of more than 1,000 keys fail with 500).
    # S3RVER_EXTRA_ARGS (word-split on purpose), e.g. --allow-mismatched-signatures
    rm -f "$S3RVER_PID"
    # shellcheck disable=SC2016
    NODE_OPTIONS=--openssl-legacy-provider setsid bash -c 'echo $$ >"$0"; exec node "$@"' \
      "$S3RVER_PID" "$S3RVER_HOME/node_modules/s3rver/bin/s3rver.js" \
      -d "$S3RVER_DATA" -a 127.0.0.1 -p "$S3RVER_PORT" ${S3RVER_EXTRA_ARGS:-} \
      >>"$S3RVER_LOG" 2>&1 </dev/null &
    for _ in $(seq 50); do [ -s "$S3RVER_PID" ] && break; sleep 0.1; done
  fi
  local deadline=$((SECONDS + S3_TIMEOUT))
  until s3_answers; do
    if ! s3_pid >/dev/null || [ $SECONDS -ge $deadline ]; then
      tail -n 20 "$S3RVER_LOG" >&2 || true
      die "s3rver did not answer HTTP on 127.0.0.1:$S3RVER_PORT within ${S3_TIMEOUT}s (log: $S3RVER_LOG)"
    fi
    sleep 0.2
  done
  log "s3rver running on http://127.0.0.1:$S3RVER_PORT (data: $S3RVER_DATA, key/secret S3RVER/S3RVER)"
}

stop_s3() {
  local p
  if ! p=$(s3_pid); then
    rm -f "$S3RVER_PID"
    s3_answers && die "port $S3RVER_PORT answers but was not started by this script (no pid in $S3RVER_PID)"
    log "s3rver not running"; return 0
  fi
  kill "$p"
  for _ in $(seq 50); do alive "$p" || break; sleep 0.1; done
  alive "$p" && kill -9 "$p"
  rm -f "$S3RVER_PID"
  log "s3rver stopped"
}

# ---------------------------------------------------------------- main
status() {
  local rc=0
  if port_open 5672; then echo "rabbitmq: running (localhost:5672, pid $(rabbit_pid || echo ?))"
  elif rabbit_installed; then echo "rabbitmq: stopped"; rc=1
  else echo "rabbitmq: not installed"; rc=1; fi
  if s3_answers; then echo "s3rver:   running (127.0.0.1:$S3RVER_PORT, pid $(s3_pid || echo ?))"
  else echo "s3rver:   stopped"; rc=1; fi
  return $rc
}

case "${1:-}" in
  up)
    t0=$(now)
    if port_open 5672 && s3_answers; then log "already up"; exit 0; fi
    # Let the broker boot while s3rver is installed/started.
    port_open 5672 || launch_rabbit
    start_s3
    wait_rabbit
    log "up in $(since "$t0") s"
    ;;
  down) stop_s3; stop_rabbit ;;
  start-s3) start_s3 ;;
  stop-s3) stop_s3 ;;
  start-rabbit) start_rabbit ;;
  stop-rabbit) stop_rabbit ;;
  restart-rabbit) t0=$(now); stop_rabbit; start_rabbit; log "RabbitMQ restarted in $(since "$t0") s" ;;
  status) status ;;
  *) echo "usage: $0 up|down|status|start-s3|stop-s3|start-rabbit|stop-rabbit|restart-rabbit" >&2; exit 2 ;;
esac
