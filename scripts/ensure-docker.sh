#!/usr/bin/env bash
# Makes sure a Docker engine answers: installs and starts one on a Debian machine when none does, and installs
# the Debian packages the fixtures and tests need.
# Idempotent: does nothing when `docker version` already reaches a daemon (DOCKER_HOST is honoured).
set -euo pipefail

LOG_FILE="${IMGAUDIT_DOCKERD_LOG:-/var/log/imgaudit-dockerd.log}"
WAIT_SECONDS="${IMGAUDIT_DOCKERD_WAIT:-60}"
PID_FILE=/var/run/docker.pid
# chromium: the HTML report's browser test renders it there (headless, through playwright-core).
PACKAGES=(docker.io docker-compose busybox-static tini debootstrap chromium)

say() { echo "ensure-docker: $*" >&2; }

engine_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker version >/dev/null 2>&1; }

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

install_packages() {
  local missing
  missing=$(missing_packages)
  [ -z "$missing" ] && return 0
  say "installing: $(echo $missing)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing >/dev/null
}

can_manage_engine() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

if ! can_manage_engine; then
  if engine_answers; then exit 0; fi
  say "no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock})."
  say "start one (e.g. 'sudo systemctl start docker') or run this script as root on Debian to install it."
  exit 1
fi

# Fixture builds need the Debian packages even when an engine already runs.
install_packages

if engine_answers; then exit 0; fi

if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]; then
  say "DOCKER_HOST=${DOCKER_HOST} does not answer; not starting a local engine in its place."
  exit 1
fi

if [ -f "$PID_FILE" ]; then
  old_pid=$(cat "$PID_FILE" 2>/dev/null || true)
  if [ -n "$old_pid" ] && kill -0 "$old_pid" 2>/dev/null; then
    say "dockerd (pid $old_pid) runs but does not answer yet; waiting for it."
  else
    say "removing stale $PID_FILE (pid ${old_pid:-?} is gone)."
    rm -f "$PID_FILE"
  fi
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  say "starting dockerd (log: $LOG_FILE)."
  # No bridge and no iptables: containers on this machine never get a network; audits use NetworkMode none.
  nohup dockerd --bridge=none --iptables=false --ip6tables=false >"$LOG_FILE" 2>&1 </dev/null &
fi

for _ in $(seq 1 "$WAIT_SECONDS"); do
  if engine_answers; then
    say "engine is up: $(docker version --format '{{.Server.Version}}' 2>/dev/null)."
    exit 0
  fi
  sleep 1
done

say "dockerd did not answer within ${WAIT_SECONDS}s; last lines of $LOG_FILE:"
tail -n 20 "$LOG_FILE" >&2 || true
exit 1
