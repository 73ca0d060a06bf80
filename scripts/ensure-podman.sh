#!/usr/bin/env bash
# Makes sure the podman test engine answers: Debian's podman (4.3 on bookworm) serving its Docker-compatible API with
# `podman system service` on a socket of its own, beside the main engine and independent of it (its own store under
# /var/lib/containers). Idempotent: does nothing when its socket answers. Needs root on Debian.
#
#   clients:   DOCKER_HOST=unix://$IMGAUDIT_PODMAN_SOCKET_DIR/podman.sock   (default /run/imgaudit-podman)
#   its CLI:   podman …   (the same store: images loaded or built there are the service's)
set -euo pipefail

SOCKET_DIR="${IMGAUDIT_PODMAN_SOCKET_DIR:-/run/imgaudit-podman}"
LOG_FILE="${IMGAUDIT_PODMAN_LOG:-/var/log/imgaudit-podman.log}"
WAIT_SECONDS="${IMGAUDIT_PODMAN_WAIT:-60}"
SOCKET="$SOCKET_DIR/podman.sock"
PID_FILE="$SOCKET_DIR/podman.pid"

SAY_AS=ensure-podman
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

engine_answers() { socket_answers "$SOCKET"; }
service_pid() { live_pid "$PID_FILE" podman; }

if ! can_manage; then
  if engine_answers; then exit 0; fi
  say "podman does not answer at $SOCKET; run this script as root on Debian to install and start it."
  exit 1
fi

install_packages podman curl

if engine_answers; then exit 0; fi

mkdir -p "$SOCKET_DIR"
clear_stale_pid_file "$PID_FILE" podman

launcher=
if [ ! -f "$PID_FILE" ]; then
  rm -f "$SOCKET"
  say "starting podman system service (socket: $SOCKET, log: $LOG_FILE)."
  # --time=0: it never exits for want of clients. Its health checks would need systemd timers (none here).
  # From /: the service (and the conmon and runc it starts) keeps the working directory it was started in, and once a
  # checkout it was started from is deleted every container start fails with "write child: broken pipe" (reproduced).
  (cd / && exec nohup podman system service --time=0 "unix://$SOCKET" >"$LOG_FILE" 2>&1 </dev/null) &
  launcher=$!
  echo "$launcher" >"$PID_FILE"
fi

for _ in $(seq 1 "$WAIT_SECONDS"); do
  # The launcher becomes podman (cd, exec nohup, exec podman), but not at once: right after the fork its
  # /proc/PID/comm is still bash's or nohup's, so a launcher of ours is followed by kill -0 (CI failed on exactly that
  # race), and only a service started by an earlier run is checked by name.
  if [ -n "$launcher" ]; then
    kill -0 "$launcher" 2>/dev/null || break
  elif [ -z "$(service_pid)" ]; then
    break
  fi
  if engine_answers; then
    say "engine is up: podman $(podman version --format '{{.Server.Version}}' 2>/dev/null || podman --version) at unix://$SOCKET."
    exit 0
  fi
  sleep 1
done

say "podman system service stopped or did not answer within ${WAIT_SECONDS}s; last lines of $LOG_FILE:"
tail -n 20 "$LOG_FILE" >&2 || true
exit 1
