#!/usr/bin/env bash
# The reference validators the SBOM tests check imgaudit's output with, in a Python virtual environment of their own
# (PyPI): spdx-tools, the SPDX project's own parser and validator of SPDX 2.3 documents (`pyspdxtools -i FILE`).
# Idempotent: does nothing when the pinned version is installed. Prints nothing on success.
#
#   the validator:   $IMGAUDIT_VALIDATORS_DIR/bin/pyspdxtools   (default /var/lib/imgaudit-validators, or
#                    ~/.cache/imgaudit-validators when not root)
set -euo pipefail

SAY_AS=ensure-validators
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

if [ "$(id -u)" = 0 ]; then default_dir=/var/lib/imgaudit-validators; else default_dir="$HOME/.cache/imgaudit-validators"; fi
DIR="${IMGAUDIT_VALIDATORS_DIR:-$default_dir}"
SPDX_TOOLS=spdx-tools==0.8.5

if [ -x "$DIR/bin/pyspdxtools" ] && [ "$(cat "$DIR/.imgaudit-recipe" 2>/dev/null)" = "$SPDX_TOOLS" ]; then exit 0; fi
command -v python3 >/dev/null 2>&1 || { say "python3 is needed for the SPDX validator ($SPDX_TOOLS)"; exit 1; }
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then install_packages python3-venv; fi
say "installing $SPDX_TOOLS into $DIR"
rm -rf "$DIR"
python3 -m venv "$DIR"
"$DIR/bin/python" -m pip install --quiet --disable-pip-version-check "$SPDX_TOOLS"
echo "$SPDX_TOOLS" >"$DIR/.imgaudit-recipe"
