# Shared by the scripts/ensure-*.sh scripts (sourced, never run): messages, Debian packages, engine sockets, pid files.
# The sourcing script sets SAY_AS (its name in messages) before it calls anything here.

say() { echo "${SAY_AS:-imgaudit}: $*" >&2; }

# Root on a Debian machine: what installing packages and starting engines needs.
can_manage() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

# The Debian packages of the arguments that are not installed, one per line.
missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

# Installs the Debian packages of the arguments that are missing; without root on Debian, says which and fails.
install_packages() {
  local missing
  missing=$(missing_packages "$@")
  [ -z "$missing" ] && return 0
  if ! can_manage; then
    say "missing packages: $(echo $missing); install them (apt-get install $(echo $missing)) or run as root on Debian"
    exit 1
  fi
  say "installing: $(echo $missing)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing >/dev/null
}

# True when an engine's API answers on the unix socket of the argument (Docker's and podman's `GET /_ping`).
socket_answers() {
  [ -S "$1" ] && timeout 10 curl -fsS --unix-socket "$1" http://localhost/_ping >/dev/null 2>&1
}

# The pid in the pid file $1 when that process is a live $2 (by /proc/PID/comm; not a zombie, not a reused pid);
# else nothing. Always succeeds, so `$(live_pid …)` is safe under `set -e`.
live_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null || true)
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] || return 0
  awk '{ exit $3 == "Z" }' "/proc/$pid/stat" 2>/dev/null && echo "$pid"
  return 0
}

# Removes the pid file $1 when its process (a $2) is gone, and says so; says it waits when the process lives.
clear_stale_pid_file() {
  [ -f "$1" ] || return 0
  if [ -n "$(live_pid "$1" "$2")" ]; then
    say "$2 (pid $(live_pid "$1" "$2")) runs but does not answer yet; waiting for it."
  else
    say "removing stale $1 (pid $(cat "$1" 2>/dev/null || echo ?) is gone)."
    rm -f "$1"
  fi
}
