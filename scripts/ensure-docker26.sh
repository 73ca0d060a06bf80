#!/usr/bin/env bash
# Makes sure the second test engine answers: Docker 26 from Debian trixie with the containerd image store and
# BuildKit, beside the main engine (scripts/ensure-docker.sh) and independent of it. It runs from a debootstrap root
# of its own, built once under $IMGAUDIT_DOCKER26_STATE and reused, in a mount namespace of its own whose root is
# that tree (pivot_root: with a chroot, BuildKit's runc fails and `docker exec` runs in the wrong root).
# Idempotent: does nothing when its socket answers. Needs root on Debian.
#
#   clients:   DOCKER_HOST=unix://$IMGAUDIT_DOCKER26_SOCKET_DIR/docker.sock   (default /run/imgaudit-docker26)
#   its CLI:   bash scripts/docker26.sh build --network=none …   (BuildKit, run inside the engine's root)
set -euo pipefail

STATE_DIR="${IMGAUDIT_DOCKER26_STATE:-/var/lib/imgaudit-docker26}"
SOCKET_DIR="${IMGAUDIT_DOCKER26_SOCKET_DIR:-/run/imgaudit-docker26}"
LOG_FILE="${IMGAUDIT_DOCKER26_LOG:-/var/log/imgaudit-docker26.log}"
WAIT_SECONDS="${IMGAUDIT_DOCKER26_WAIT:-120}"
ROOT="$STATE_DIR/root"
SOCKET="$SOCKET_DIR/docker.sock"
# Written by dockerd itself, through the bind of SOCKET_DIR at ROOT/mnt.
PID_FILE="$SOCKET_DIR/docker.pid"
SUITE=trixie
# procps: the engine runs ps on its own host for `docker top`.
PACKAGES=(docker.io docker-buildx docker-cli containerd runc tini iptables ca-certificates procps)
# Bumped when the root's recipe changes, so an older root is built again.
ROOT_RECIPE="1 $SUITE ${PACKAGES[*]}"

SAY_AS=ensure-docker26
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

engine_answers() { socket_answers "$SOCKET"; }
engine_pid() { live_pid "$PID_FILE" dockerd; }

if ! can_manage; then
  if engine_answers; then exit 0; fi
  say "the Docker 26 engine does not answer at $SOCKET; run this script as root on Debian to build and start it."
  exit 1
fi

# The Debian mirror this machine uses: the first URIs: line of its deb822 sources, else a sources.list line.
debian_mirror() {
  local uri
  uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -n 1 || true)
  [ -z "$uri" ] && uri=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v -- '-security' | head -n 1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

build_root() {
  local building="$STATE_DIR/root.building" mirror started=$SECONDS
  mirror=$(debian_mirror)
  # Nothing is ever mounted on the host under STATE_DIR (every mount lives in a private namespace), so a half-built
  # tree is plain files.
  rm -rf "$building" "$ROOT"
  mkdir -p "$STATE_DIR"
  say "building the root once: debootstrap $SUITE from $mirror into $ROOT (a few minutes)."
  if ! debootstrap --variant=minbase "$SUITE" "$building" "$mirror" >"$STATE_DIR/debootstrap.log" 2>&1; then
    tail -n 20 "$STATE_DIR/debootstrap.log" >&2
    exit 1
  fi
  printf '#!/bin/sh\nexit 101\n' >"$building/usr/sbin/policy-rc.d"
  chmod 755 "$building/usr/sbin/policy-rc.d"
  cp -L /etc/resolv.conf "$building/etc/resolv.conf"
  say "installing in the root: ${PACKAGES[*]}"
  if ! unshare --mount --propagation private sh -c '
      mount -t proc proc "$1/proc" &&
      chroot "$1" env DEBIAN_FRONTEND=noninteractive sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $2 && apt-get clean"
    ' sh "$building" "${PACKAGES[*]}" >"$STATE_DIR/packages.log" 2>&1; then
    tail -n 20 "$STATE_DIR/packages.log" >&2
    exit 1
  fi
  mkdir -p "$building/etc/docker" "$building/mnt" "$building/oldroot"
  echo '{"features":{"containerd-snapshotter":true}}' >"$building/etc/docker/daemon.json"
  echo "$ROOT_RECIPE" >"$building/.imgaudit-recipe"
  mv "$building" "$ROOT"
  say "root ready in $((SECONDS - started))s."
}

# Runs in a new mount namespace (see below): mounts what the engine needs under the root, makes the root the
# namespace's / and becomes dockerd. Nothing of this is visible on the host but the socket folder's files.
start_in_namespace() {
  local root=$1 socket_dir=$2
  mount --make-rprivate /
  mount --rbind "$root" "$root"
  mount -t proc proc "$root/proc"
  # --rbind: the cgroup v1 controllers are submounts of /sys/fs/cgroup.
  mount --rbind /sys "$root/sys"
  mount --bind /dev "$root/dev"
  mount --bind /dev/pts "$root/dev/pts"
  mount -t tmpfs -o mode=755 tmpfs "$root/run"
  mount --bind "$socket_dir" "$root/mnt"
  cd "$root"
  pivot_root . oldroot
  umount -l /oldroot
  # No bridge and no iptables, as for the main engine: containers here never get a network.
  exec dockerd --bridge=none --iptables=false --ip6tables=false --cgroup-parent=docker26 \
    -H unix:///mnt/docker.sock --data-root /var/lib/docker26 --pidfile /mnt/docker.pid
}

install_packages debootstrap curl util-linux
if engine_answers; then exit 0; fi

if [ "$(cat "$ROOT/.imgaudit-recipe" 2>/dev/null)" != "$ROOT_RECIPE" ]; then
  if [ -n "$(engine_pid)" ]; then
    say "dockerd (pid $(engine_pid)) runs from an outdated root; stop it first."
    exit 1
  fi
  build_root
fi

mkdir -p "$SOCKET_DIR"
clear_stale_pid_file "$PID_FILE" dockerd

launcher=
if [ ! -f "$PID_FILE" ]; then
  rm -f "$SOCKET"
  say "starting dockerd 26 (socket: $SOCKET, log: $LOG_FILE)."
  nohup unshare --mount --propagation private bash -c "$(declare -f start_in_namespace); start_in_namespace \"\$@\"" \
    start "$ROOT" "$SOCKET_DIR" >"$LOG_FILE" 2>&1 </dev/null &
  launcher=$!
fi

for _ in $(seq 1 "$WAIT_SECONDS"); do
  # The launcher becomes dockerd (exec): once it is gone, or the dockerd of the pid file is, there is nothing to wait for.
  if { [ -n "$launcher" ] && ! kill -0 "$launcher" 2>/dev/null; } || { [ -f "$PID_FILE" ] && [ -z "$(engine_pid)" ]; }; then
    break
  fi
  if engine_answers; then
    version=$(curl -fsS --unix-socket "$SOCKET" http://localhost/version | sed -n 's/.*"Version":"\([^"]*\)".*/\1/p' | head -n 1)
    say "engine is up: Docker $version at unix://$SOCKET."
    exit 0
  fi
  sleep 1
done

say "dockerd 26 stopped or did not answer within ${WAIT_SECONDS}s; last lines of $LOG_FILE:"
tail -n 20 "$LOG_FILE" >&2 || true
exit 1
