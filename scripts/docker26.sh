#!/usr/bin/env bash
# Runs the Docker 26 engine's own CLI (with BuildKit, docker-buildx) inside that engine's root and mount namespace,
# so `build` and `buildx bake` go through its BuildKit: `bash scripts/docker26.sh build --network=none -t NAME DIR`.
# Paths are the engine root's: put a build context under $IMGAUDIT_DOCKER26_STATE/root first (build-fixtures-docker26.sh
# does); IMGAUDIT_DOCKER26_WORKDIR is the working directory there (default /). Needs root and the running engine
# (scripts/ensure-docker26.sh).
set -euo pipefail
SOCKET_DIR="${IMGAUDIT_DOCKER26_SOCKET_DIR:-/run/imgaudit-docker26}"
pid=$(cat "$SOCKET_DIR/docker.pid" 2>/dev/null || true)
if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
  echo "docker26: the engine does not run (no live pid in $SOCKET_DIR/docker.pid): bash scripts/ensure-docker26.sh" >&2
  exit 1
fi
# The engine's namespace sees the socket folder at /mnt.
exec nsenter --target "$pid" --mount --root --wd \
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  DOCKER_HOST=unix:///mnt/docker.sock WORKDIR="${IMGAUDIT_DOCKER26_WORKDIR:-/}" \
  sh -c 'cd "$WORKDIR" && exec docker "$@"' docker26 "$@"
