#!/usr/bin/env bash
# Prepares the inputs the fixture Dockerfiles copy in, in test/fixtures/.bin/: static busybox and tini from the Debian
# packages busybox-static and tini (scripts/ensure-docker.sh installs them), and incompressible payloads made once.
# Used by scripts/build-fixtures.sh and scripts/build-fixtures-docker26.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

bin_dir=test/fixtures/.bin
mkdir -p "$bin_dir"

copy_binary() { # source, target name, Debian package that ships it
  if [ ! -x "$1" ]; then
    echo "fixture-inputs: $1 is missing; install the Debian package $3 (or run scripts/ensure-docker.sh as root)" >&2
    exit 1
  fi
  cmp -s "$1" "$bin_dir/$2" 2>/dev/null || cp "$1" "$bin_dir/$2"
}
copy_binary /bin/busybox busybox busybox-static
copy_binary /usr/bin/tini-static tini-static tini

# Incompressible payloads (size, wasted bytes, package cache); made once so rebuilds hit the layer cache.
make_payload() { [ -f "$bin_dir/$1" ] || head -c "$2" /dev/urandom >"$bin_dir/$1"; }
make_payload big.bin 8000000
make_payload waste.bin 3000000
make_payload apt-lists.bin 2000000

# Real Debian packages for the inventory fixture (jq and the libraries it needs), downloaded once from the host's apt
# sources: the image build has no network, and dpkg -i installs them there.
debs_dir=$bin_dir/debs
if ! ls "$debs_dir"/libonig5_*.deb "$debs_dir"/libjq1_*.deb "$debs_dir"/jq_*.deb >/dev/null 2>&1; then
  mkdir -p "$debs_dir"
  (cd "$debs_dir" && { apt-get download jq libjq1 libonig5 >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get download jq libjq1 libonig5 >/dev/null; }; }) \
    || { echo "fixture-inputs: apt-get download jq libjq1 libonig5 failed" >&2; exit 1; }
fi

# The rpm database of the rpm inventory fixture, made with rpmbuild and rpm (installs Debian's rpm when missing).
bash scripts/fixture-rpmdb.sh
