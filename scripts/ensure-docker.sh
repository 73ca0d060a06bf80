#!/usr/bin/env bash
# Makes sure a Docker engine answers: installs and starts one on a Debian machine when none does, and installs
# the Debian packages the fixtures and tests need.
# Idempotent: does nothing when `docker version` already reaches a daemon (DOCKER_HOST is honoured).
set -euo pipefail

LOG_FILE="${IMGAUDIT_DOCKERD_LOG:-/var/log/imgaudit-dockerd.log}"
WAIT_SECONDS="${IMGAUDIT_DOCKERD_WAIT:-60}"
PID_FILE=/var/run/docker.pid
# chromium: the HTML report's browser test renders it there (headless, through playwright-core). rpm: rpmbuild and
# rpm's sqlite backend make the rpm inventory fixture's database (scripts/fixture-rpmdb.sh).
PACKAGES=(docker.io docker-compose busybox-static tini debootstrap chromium rpm)

SAY_AS=ensure-docker
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

engine_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker version >/dev/null 2>&1; }

if ! can_manage; then
  if engine_answers; then exit 0; fi
  say "no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock})."
  say "start one (e.g. 'sudo systemctl start docker') or run this script as root on Debian to install it."
  exit 1
fi

# Fixture builds need the Debian packages even when an engine already runs.
install_packages "${PACKAGES[@]}"

if engine_answers; then exit 0; fi

if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]; then
  say "DOCKER_HOST=${DOCKER_HOST} does not answer; not starting a local engine in its place."
  exit 1
fi

clear_stale_pid_file "$PID_FILE" dockerd

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
