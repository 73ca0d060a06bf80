#!/usr/bin/env bash
# Builds the fixture and example images with docker-compose.test.yml. Needs a running engine
# (scripts/ensure-docker.sh) and the Debian packages busybox-static and tini.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/fixture-inputs.sh

# A real Debian base (debootstrap minbase, ~25 s) for package manager, setuid and os-release realism.
# Built once: the engine keeps it, and nothing can be pulled here.
debian_image=imgaudit-fixture/debian:12
if ! docker image inspect "$debian_image" >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || { echo "build-fixtures: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
  rootfs_dir=$(mktemp -d /tmp/imgaudit-debootstrap.XXXXXX)
  trap 'rm -rf "$rootfs_dir"' EXIT
  echo "build-fixtures: debootstrap bookworm into $rootfs_dir (once)" >&2
  debootstrap --variant=minbase bookworm "$rootfs_dir/rootfs" http://deb.debian.org/debian >"$rootfs_dir/log" 2>&1 \
    || { tail -20 "$rootfs_dir/log" >&2; exit 1; }
  tar -C "$rootfs_dir/rootfs" -c . | docker import -c 'CMD ["/bin/bash"]' - "$debian_image" >/dev/null
  rm -rf "$rootfs_dir"
  trap - EXIT
fi

# Compose v1 talks to the engine itself; keep its output short unless the build fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! docker-compose -f docker-compose.test.yml build --force-rm "$@" >"$log" 2>&1; then
  cat "$log" >&2
  echo "build-fixtures: docker-compose build failed" >&2
  exit 1
fi
docker images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' 'imgaudit-fixture/*' >&2
