#!/usr/bin/env bash
# A three-node RabbitMQ cluster on this machine, from the same Debian package as scripts/services.sh, for the
# scale-out tests (several workers, quorum queues, a node stopped under load). It never touches the shared
# broker (rabbit@localhost, :5672).
#   nodes s3c-c1@localhost, s3c-c2@localhost, s3c-c3@localhost; AMQP 127.0.0.1:5701-5703 (guest/guest);
#   Erlang distribution 25701-25703; no management plugin; state under .services/cluster/ (gitignored).
# Usage: scripts/cluster.sh up|down|status|stop-node N|start-node N|leader QUEUE
#   up          starts the three nodes and joins s3c-c2 and s3c-c3 to s3c-c1 (idempotent)
#   down        stops the three nodes and removes their state
#   stop-node N stops node N gracefully (N = 1, 2, 3); start-node N starts it again, back in the cluster
#   leader Q    prints the number of the node that holds quorum queue Q's leader
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.services/cluster"
NODES=(1 2 3)
TIMEOUT="${RABBIT_TIMEOUT:-120}" # seconds
# The broker's own cookie: the rabbitmqctl wrapper runs as the rabbitmq user, whose HOME holds it, so nodes
# started with this HOME and every CLI call agree on it.
COOKIE_HOME=/var/lib/rabbitmq

LOG_TAG=cluster
# shellcheck source=daemons.sh
. "$ROOT/scripts/daemons.sh"

node_name() { echo "s3c-c$1@localhost"; }
amqp_port() { echo $((5700 + $1)); }
dist_port() { echo $((25700 + $1)); }
node_dir() { echo "$STATE/s3c-c$1"; }
ctl() { local n=$1; shift; rabbitmqctl -q -n "$(node_name "$n")" "$@"; }

node_pid() {
  local p
  p=$(cat "$(node_dir "$1")/node.pid" 2>/dev/null) || return 1
  # the pid file outlives a killed node: make sure the pid is still the node (or the shell about to become it)
  [ -n "$p" ] && alive "$p" && grep -qs 'beam\|rabbitmq' "/proc/$p/cmdline" && echo "$p"
}

# Each node reads only its own files: rabbitmq-env.conf's NODENAME=rabbit@localhost and the shared
# enabled_plugins (management on) must not reach it.
write_node_config() {
  local n=$1 dir; dir=$(node_dir "$n")
  mkdir -p "$dir/mnesia" "$dir/log"
  echo '[].' >"$dir/enabled_plugins"
  cat >"$dir/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$(amqp_port "$n")
EOF
  : >"$dir/rabbitmq-env.conf"
}

launch_node() {
  local n=$1 dir; dir=$(node_dir "$n")
  port_open "$(amqp_port "$n")" && return 0
  node_pid "$n" >/dev/null && return 0
  write_node_config "$n"
  # The package's server script, not the /usr/sbin wrapper: that one su's to the rabbitmq user, who cannot
  # write under the repository. setsid: its own session, so it outlives the caller (a test run); the shell
  # records its pid, then becomes the node, so a node that fails to boot is seen at once (see wait_node).
  rm -f "$dir/node.pid"
  # shellcheck disable=SC2016
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$dir/node.pid" env HOME="$COOKIE_HOME" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    RABBITMQ_NODENAME="$(node_name "$n")" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$(amqp_port "$n")" \
    RABBITMQ_DIST_PORT="$(dist_port "$n")" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_PID_FILE="$dir/node.pid" \
    /usr/lib/rabbitmq/bin/rabbitmq-server >>"$dir/log/startup.log" 2>&1 </dev/null &
  for _ in $(seq 50); do [ -s "$dir/node.pid" ] && break; sleep 0.1; done
}

wait_node() {
  local n=$1 deadline=$((SECONDS + TIMEOUT))
  until port_open "$(amqp_port "$n")"; do
    if ! node_pid "$n" >/dev/null || [ $SECONDS -ge $deadline ]; then
      grep -h -A3 'error\]' "$(node_dir "$n")/log/startup.log" 2>/dev/null | head -n 20 >&2 || true
      die "$(node_name "$n") did not accept connections on 127.0.0.1:$(amqp_port "$n") within ${TIMEOUT}s (logs: $(node_dir "$n")/log)"
    fi
    sleep 0.3
  done
  ctl "$n" await_startup --timeout "$TIMEOUT" >/dev/null || die "rabbitmqctl await_startup failed for $(node_name "$n")"
}

joined() { ctl 1 cluster_status --formatter json 2>/dev/null | grep -q "\"$(node_name "$1")\""; }

join_node() {
  local n=$1
  ctl "$n" cluster_status --formatter json | grep -q "\"$(node_name 1)\"" && return 0
  ctl "$n" stop_app >/dev/null
  ctl "$n" join_cluster "$(node_name 1)" >/dev/null || die "$(node_name "$n") could not join $(node_name 1)"
  ctl "$n" start_app >/dev/null
}

stop_node() {
  local n=$1 p t0; t0=$(now)
  if ! p=$(node_pid "$n"); then log "$(node_name "$n") not running"; return 0; fi
  # SIGTERM = graceful shutdown, as rabbitmqctl shutdown, minus the CLI's start-up time.
  kill -TERM "$p"
  local deadline=$((SECONDS + TIMEOUT))
  while alive "$p"; do
    [ $SECONDS -ge $deadline ] && die "$(node_name "$n") (pid $p) did not exit within ${TIMEOUT}s"
    sleep 0.1
  done
  log "$(node_name "$n") stopped in $(since "$t0") s"
}

start_node() {
  local n=$1 t0; t0=$(now)
  launch_node "$n"
  wait_node "$n"
  log "$(node_name "$n") started in $(since "$t0") s (amqp://guest:guest@127.0.0.1:$(amqp_port "$n"))"
}

# The node number of a quorum queue's leader, asked of any running node.
leader() {
  local queue=$1 n line
  for n in "${NODES[@]}"; do
    port_open "$(amqp_port "$n")" || continue
    line=$(ctl "$n" list_queues name leader --no-table-headers 2>/dev/null | awk -F'\t' -v q="$queue" '$1 == q { print $2 }') || continue
    case "$line" in
      s3c-c?@localhost) echo "${line:5:1}"; return 0 ;;
      "") die "queue $queue not found, or it has no leader (is it a quorum queue?)" ;;
    esac
  done
  die "no node of the cluster answers"
}

need_node_number() { [[ "${1:-}" =~ ^[123]$ ]] || die "give a node number: 1, 2 or 3"; }

case "${1:-}" in
  up)
    t0=$(now)
    [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || die "rabbitmq-server is not installed: run scripts/services.sh up first"
    for n in "${NODES[@]}"; do launch_node "$n"; done
    for n in "${NODES[@]}"; do wait_node "$n"; done
    for n in 2 3; do join_node "$n"; done
    for n in "${NODES[@]}"; do joined "$n" || die "$(node_name "$n") is not in the cluster"; done
    log "up in $(since "$t0") s: amqp://guest:guest@127.0.0.1:5701, :5702, :5703"
    ;;
  down)
    for n in "${NODES[@]}"; do stop_node "$n"; done
    rm -rf "$STATE"
    log "down, state removed"
    ;;
  stop-node) need_node_number "${2:-}"; stop_node "$2" ;;
  start-node) need_node_number "${2:-}"; start_node "$2" ;;
  leader) [ -n "${2:-}" ] || die "give a queue name"; leader "$2" ;;
  status)
    rc=0
    for n in "${NODES[@]}"; do
      if port_open "$(amqp_port "$n")"; then echo "$(node_name "$n"): running (127.0.0.1:$(amqp_port "$n"), pid $(node_pid "$n" || echo ?))"
      else echo "$(node_name "$n"): stopped"; rc=1; fi
    done
    exit $rc
    ;;
  *) echo "usage: $0 up|down|status|stop-node N|start-node N|leader QUEUE" >&2; exit 2 ;;
esac
