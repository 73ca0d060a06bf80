#!/usr/bin/env bash
# A private OCI distribution registry for the registry tests: Debian's docker-registry, run by hand (never its
# systemd service) on 127.0.0.1 with a free port and its storage under /tmp.
#
#   ensure-registry.sh install                       installs docker-registry and apache2-utils (htpasswd) when missing
#   ensure-registry.sh start NAME [USER PASSWORD]     starts the registry NAME (with htpasswd basic auth when a user is
#                                                     given) unless it already runs; prints its host:port
#   ensure-registry.sh stop NAME                      stops it and removes its storage
#
# Idempotent: `start` of a registry that runs and answers prints its address again; a stale pid file is removed.
set -euo pipefail

PACKAGES=(docker-registry apache2-utils)
BASE_DIR="${IMGAUDIT_REGISTRY_DIR:-/tmp/imgaudit-registry}"
WAIT_SECONDS="${IMGAUDIT_REGISTRY_WAIT:-30}"

SAY_AS=ensure-registry
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

install() { install_packages "${PACKAGES[@]}"; }

answers() { curl -s -o /dev/null --max-time 2 "http://$1/v2/"; }

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  local name="$1" user="${2:-}" password="${3:-}"
  [[ "$name" =~ ^[a-z0-9-]+$ ]] || { say "a registry name is lowercase letters, digits and dashes"; exit 2; }
  install
  local dir="$BASE_DIR/$name"
  mkdir -p "$dir/storage"
  if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null && [ -f "$dir/address" ] && answers "$(cat "$dir/address")"; then
    cat "$dir/address"
    return 0
  fi
  if [ -f "$dir/pid" ]; then
    local old
    old=$(cat "$dir/pid")
    if kill -0 "$old" 2>/dev/null; then kill "$old" 2>/dev/null || true; fi
    rm -f "$dir/pid"
  fi
  local port address auth=''
  port=$(free_port)
  address="127.0.0.1:$port"
  if [ -n "$user" ]; then
    htpasswd -Bbc "$dir/htpasswd" "$user" "$password" >/dev/null 2>&1
    auth="auth:
  htpasswd:
    realm: imgaudit-test
    path: $dir/htpasswd"
  fi
  cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: $address
$auth
EOF
  setsid docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
  for _ in $(seq 1 "$((WAIT_SECONDS * 5))"); do
    if answers "$address"; then
      echo "$address" >"$dir/address"
      echo "$address"
      return 0
    fi
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      say "docker-registry exited; its log:"
      tail -n 20 "$dir/log" >&2
      exit 1
    fi
    sleep 0.2
  done
  say "docker-registry did not answer on $address within ${WAIT_SECONDS}s"
  exit 1
}

stop() {
  local name="$1"
  local dir="$BASE_DIR/$name"
  [ -d "$dir" ] || return 0
  if [ -f "$dir/pid" ]; then
    local pid
    pid=$(cat "$dir/pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  install) install ;;
  start) [ $# -ge 2 ] || { say "usage: $0 start NAME [USER PASSWORD]"; exit 2; }; start "$2" "${3:-}" "${4:-}" ;;
  stop) [ $# -ge 2 ] || { say "usage: $0 stop NAME"; exit 2; }; stop "$2" ;;
  *) say "usage: $0 install | start NAME [USER PASSWORD] | stop NAME"; exit 2 ;;
esac
