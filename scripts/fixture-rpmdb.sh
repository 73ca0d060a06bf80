#!/usr/bin/env bash
# Builds the rpm database of the rpm inventory fixture (issue 13) in test/fixtures/.bin/rpmdb/: four tiny rpms built
# with rpmbuild from the spec files below (an Epoch, a compound License, a long description whose header spans
# SQLite overflow pages, one of the build machine's arch), registered with `rpm -i --justdb` in a fresh database of
# rpm's sqlite backend, as Fedora 33+, RHEL/UBI 9 and Amazon Linux 2023 keep it. Made once; delete the folder to
# remake it. Needs Debian's rpm package (rpm 4.18: rpmbuild, and the sqlite backend): installed here when missing
# (as root), as scripts/ensure-docker.sh also does. Used by scripts/fixture-inputs.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

out_dir=test/fixtures/.bin/rpmdb
[ -s "$out_dir/rpmdb.sqlite" ] && exit 0

SAY_AS=fixture-rpmdb
# shellcheck source=scripts/lib/common.sh
. scripts/lib/common.sh
command -v rpmbuild >/dev/null && command -v rpm >/dev/null || install_packages rpm

work=$(mktemp -d /tmp/imgaudit-rpmdb.XXXXXX)
trap 'rm -rf "$work"' EXIT

spec() { # name, extra header lines, description
  cat >"$work/$1.spec" <<SPEC
Name: $1
Summary: imgaudit fixture package $1
$2
%global debug_package %{nil}
%description
$3
%files
SPEC
}
spec imgaudit-epoch $'Version: 1.0.2\nRelease: 3.el9\nEpoch: 4\nLicense: MIT\nBuildArch: noarch' 'A package with an epoch.'
spec imgaudit-license $'Version: 2.5\nRelease: 1.el9\nLicense: GPL-2.0-or-later AND BSD-3-Clause\nVendor: imgaudit tests\nBuildArch: noarch' \
  'A package with a compound license.'
# About 40 KB of description: the header is far longer than a page (4 KiB), so SQLite keeps it on overflow pages.
long_description=$(for i in $(seq 1 500); do echo "Line $i of a long description that makes the rpm header span pages."; done)
spec imgaudit-long $'Version: 0.9~beta1\nRelease: 7.el9\nLicense: Apache-2.0\nBuildArch: noarch' "$long_description"
# No BuildArch: the build machine's architecture (x86_64 on amd64), an empty package all the same.
spec imgaudit-native $'Version: 3.1\nRelease: 2.el9\nLicense: BSD-2-Clause' 'A package of the build machine architecture.'

for name in imgaudit-epoch imgaudit-license imgaudit-long imgaudit-native; do
  HOME=$work rpmbuild --quiet --define "_topdir $work/top" -bb "$work/$name.spec" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; say "rpmbuild $name failed"; exit 1; }
done

db=$work/db
mkdir -p "$db"
rpm_db() { rpm --dbpath "$db" --define '_db_backend sqlite' "$@"; }
rpm_db --initdb
# --justdb: only the database is written (the packages hold no files anyway); Debian's rpm warns that it is no
# package manager of Debian's, which is not news here.
rpm_db -i --justdb --nodeps --ignorearch --ignoreos "$work"/top/RPMS/*/*.rpm 2>"$work/install.log" \
  || { cat "$work/install.log" >&2; say "rpm -i failed"; exit 1; }
[ -s "$db/rpmdb.sqlite" ] || { say "rpm wrote no rpmdb.sqlite"; exit 1; }
mkdir -p "$out_dir"
cp "$db/rpmdb.sqlite" "$out_dir/rpmdb.sqlite"
say "$(rpm --dbpath "$PWD/$out_dir" --define '_db_backend sqlite' -qa | tr '\n' ' ')in $out_dir"
