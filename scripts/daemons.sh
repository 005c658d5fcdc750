# Helpers for the scripts that start and stop local daemons (services.sh, cluster.sh); sourced, not run.
# LOG_TAG names the script in its messages.

log() { echo "[$LOG_TAG] $*" >&2; }
die() { echo "[$LOG_TAG] ERROR: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# PID 1 in this sandbox reaps orphans lazily: a dead daemon stays a zombie for seconds and
# kill -0 still succeeds on it. Alive = exists and is not in state Z.
alive() {
  local st
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
  [ -n "$st" ] && [ "$st" != Z ]
}
