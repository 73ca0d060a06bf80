#!/usr/bin/env bash
# Builds the fixture images on the Docker 26 engine (scripts/ensure-docker26.sh) with its own BuildKit: every service of
# docker-compose.test.yml, built with `docker build --network=none` through the engine's CLI (scripts/docker26.sh), plus
# the images only that engine has (large-gzip). The Debian base comes over from the main engine (DOCKER_HOST, where
# scripts/build-fixtures.sh made it) with docker save | docker load. Every run builds afresh (--no-cache, ~30 s): a
# layer BuildKit takes from its cache keeps the file times of the context it was first built from, and its COPY of an
# unchanged file is an empty layer only when the times match too, so cached builds made the facts depend on history.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE_DIR="${IMGAUDIT_DOCKER26_STATE:-/var/lib/imgaudit-docker26}"
CONTEXT_IN_ROOT=/tmp/imgaudit-fixtures
docker26() { bash scripts/docker26.sh "$@"; }
say() { echo "build-fixtures-docker26: $*" >&2; }

bash scripts/fixture-inputs.sh

# Image and Dockerfile of each compose service, then the images of this engine alone.
images=$(awk '/image:/ { image = $2 } /dockerfile:/ { sub(/.*dockerfile: */, ""); sub(/[ }].*/, ""); print image, $0 }' \
  docker-compose.test.yml)
images+=$'\nimgaudit-fixture/large-gzip:1.0.0 large-gzip/Dockerfile'

debian_image=imgaudit-fixture/debian:12
if ! docker26 image inspect "$debian_image" >/dev/null 2>&1; then
  if ! docker image inspect "$debian_image" >/dev/null 2>&1; then
    say "$debian_image is not on the main engine: run scripts/build-fixtures.sh first"
    exit 1
  fi
  say "copying $debian_image from the main engine"
  docker save "$debian_image" | docker26 load -q >/dev/null
fi

# The build context goes where the engine's CLI sees it: under its root, which is plain files on the host.
context="$STATE_DIR/root$CONTEXT_IN_ROOT"
rm -rf "$context"
mkdir -p "$context"
cp -a test/fixtures/. "$context/"
trap 'rm -rf "$context"' EXIT

log=$(mktemp)
trap 'rm -rf "$context" "$log"' EXIT
while read -r image dockerfile; do
  if ! docker26 build --progress=plain --no-cache --network=none -f "$CONTEXT_IN_ROOT/$dockerfile" -t "$image" \
    "$CONTEXT_IN_ROOT" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    say "building $image failed"
    exit 1
  fi
done <<<"$images"
# Only this engine's own leftovers: the images the tags moved away from, and the build cache.
docker26 image prune -f >/dev/null
docker26 builder prune -af >/dev/null
docker26 images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' 'imgaudit-fixture/*' >&2
