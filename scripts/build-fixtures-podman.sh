#!/usr/bin/env bash
# Puts the fixture images on the podman engine (scripts/ensure-podman.sh): every service of docker-compose.test.yml and
# the Debian base come over from the main engine (DOCKER_HOST, where scripts/build-fixtures.sh made them) with
# docker save | podman load, keeping their names (podman lists them as localhost/NAME). podman-oci is built by podman
# itself (`podman build`, OCI format by default): the good image's Dockerfile, whose HEALTHCHECK the OCI format drops.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "build-fixtures-podman: $*" >&2; }

images=$(awk '/image:/ { print $2 }' docker-compose.test.yml)
images+=$'\nimgaudit-fixture/debian:12'
for image in $images; do
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    say "$image is not on the main engine: run scripts/build-fixtures.sh first"
    exit 1
  fi
done
# One archive: layers the images share are written and loaded once. Loaded afresh each time (~10 s), so a fixture
# rebuilt on the main engine is the one podman has too.
# shellcheck disable=SC2086
docker save $images | podman load -q >/dev/null

bash scripts/fixture-inputs.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! podman build --network=none -q -f test/fixtures/good/Dockerfile -t imgaudit-fixture/podman-oci:1.0.0 \
  test/fixtures >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  say "building imgaudit-fixture/podman-oci:1.0.0 failed"
  exit 1
fi
# Only this engine's own leftovers: the images the tags moved away from.
podman image prune -f >/dev/null
podman images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' --filter 'reference=*imgaudit-fixture/*' >&2
