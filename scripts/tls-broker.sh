#!/usr/bin/env bash
# A second RabbitMQ node that takes TLS only, for the TLS tests; the shared node (rabbit@localhost) is never touched.
#   node s3c-tls@localhost, AMQP 5680 (localhost only), AMQPS 5681, distribution port 25680
#   ssl_options.verify = verify_peer with fail_if_no_peer_cert = true: clients must show a certificate of the CA
# Certificates (made with openssl) go to $TLS_BROKER_DIR/certs:
#   ca.pem          the CA that signed the broker's and the client's certificates
#   server.pem/key  the broker's certificate, for localhost and 127.0.0.1
#   client.pem/key  a client certificate
#   other-ca.pem    a CA that signed nothing here (the "wrong CA")
#   expired.pem/key a certificate of ca.pem for localhost that expired in 2020
# Usage: scripts/tls-broker.sh up|down|status   (up is idempotent and prints the certificate directory)
set -euo pipefail

# Outside the checkout: the node runs as the rabbitmq user, who may not reach a repository under /root.
DIR="${TLS_BROKER_DIR:-/tmp/s3consumer-tls-broker}"
CERTS="$DIR/certs"
NODE=s3c-tls@localhost
AMQP_PORT=5680
AMQPS_PORT=5681
DIST_PORT=25680
TIMEOUT="${RABBIT_TIMEOUT:-120}"

log() { echo "[tls-broker] $*" >&2; }
die() { echo "[tls-broker] ERROR: $*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Every command runs as the rabbitmq user, whose HOME holds the Erlang cookie that rabbitmqctl needs too.
as_rabbit() {
  runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq \
    RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf" \
    RABBITMQ_NODENAME=$NODE \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=$AMQP_PORT \
    RABBITMQ_DIST_PORT=$DIST_PORT \
    RABBITMQ_CONFIG_FILE="$DIR/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$DIR/mnesia" \
    RABBITMQ_LOG_BASE="$DIR/log" \
    "$@"
}

make_certs() {
  [ -s "$CERTS/expired.pem" ] && return 0
  mkdir -p "$CERTS"
  local tmp; tmp=$(mktemp -d)
  (
    cd "$tmp"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=S3Consumer test CA" -keyout ca.key -out ca.pem 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Some other CA" -keyout other-ca.key -out other-ca.pem 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -extfile server.ext -out server.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=s3consumer" -keyout client.key -out client.csr 2>/dev/null
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -extfile client.ext -out client.pem 2>/dev/null
    # x509 -req takes no start date in OpenSSL 3.0; `openssl ca` does.
    mkdir -p ca/new && : >ca/index.txt && echo 1000 >ca/serial
    cat >ca.cnf <<EOF
[ca]
default_ca = test
[test]
dir = ca
database = ca/index.txt
new_certs_dir = ca/new
serial = ca/serial
default_md = sha256
policy = any
copy_extensions = copy
[any]
commonName = supplied
[ext]
subjectAltName = DNS:localhost,IP:127.0.0.1
extendedKeyUsage = serverAuth
EOF
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout expired.key -out expired.csr 2>/dev/null
    openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -extensions ext \
      -startdate 20190101000000Z -enddate 20200101000000Z -in expired.csr -out expired.pem 2>/dev/null
    cp ca.pem other-ca.pem server.pem server.key client.pem client.key expired.pem expired.key "$CERTS/"
  )
  rm -rf "$tmp"
}

write_config() {
  mkdir -p "$DIR/mnesia" "$DIR/log"
  : >"$DIR/rabbitmq-env.conf"
  echo '[].' >"$DIR/enabled_plugins"
  cat >"$DIR/rabbitmq.conf" <<EOF
listeners.tcp.default = $AMQP_PORT
listeners.ssl.default = $AMQPS_PORT
ssl_options.cacertfile = $CERTS/ca.pem
ssl_options.certfile = $CERTS/server.pem
ssl_options.keyfile = $CERTS/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = true
loopback_users = none
EOF
  chown -R rabbitmq:rabbitmq "$DIR"
}

node_pid() {
  local p
  p=$(cat "$DIR/mnesia/$NODE.pid" 2>/dev/null) || return 1
  [ -n "$p" ] && grep -qs beam "/proc/$p/comm" && ! grep -qs ') Z ' "/proc/$p/stat" && echo "$p"
}

up() {
  make_certs
  if ! port_open $AMQPS_PORT; then
    write_config
    node_pid >/dev/null || (cd /var/lib/rabbitmq && as_rabbit /usr/lib/rabbitmq/bin/rabbitmq-server -detached)
    local deadline=$((SECONDS + TIMEOUT))
    until port_open $AMQPS_PORT; do
      if [ $SECONDS -ge $deadline ]; then
        tail -n 30 "$DIR/log/$NODE.log" >&2 2>/dev/null || true
        down
        die "the TLS node did not listen on $AMQPS_PORT within ${TIMEOUT}s (log: $DIR/log/$NODE.log)"
      fi
      sleep 0.3
    done
    (cd /var/lib/rabbitmq && as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl -q -n $NODE await_startup --timeout "$TIMEOUT" >/dev/null) \
      || { down; die "rabbitmqctl await_startup failed (log: $DIR/log/$NODE.log)"; }
    log "started $NODE: amqps://localhost:$AMQPS_PORT"
  fi
  echo "$CERTS"
}

down() {
  local p
  if p=$(node_pid); then
    kill -TERM "$p"
    local deadline=$((SECONDS + TIMEOUT))
    while [ -e "/proc/$p" ] && ! grep -qs ') Z ' "/proc/$p/stat"; do
      [ $SECONDS -ge $deadline ] && die "$NODE (pid $p) did not exit within ${TIMEOUT}s"
      sleep 0.1
    done
    log "stopped $NODE"
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) if port_open $AMQPS_PORT; then echo "$NODE: running (amqps://localhost:$AMQPS_PORT)"; else echo "$NODE: stopped"; exit 1; fi ;;
  *) die "usage: $0 up|down|status" ;;
esac
