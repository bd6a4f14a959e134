#!/usr/bin/env bash
# Make the Python environment for the benchmarks that run opop 0.3.0: a venv with
# numpy, opop and the textual/rich pair that opop's monitor needs, at the versions the
# benchmark figures were measured with. Prints the installed versions.
#
# Usage: scripts/bench/setup-python.sh [VENV_DIR]
#
# VENV_DIR defaults to $OPOP_BENCH_VENV, else .venv-bench in the repository.
# PYTHON picks the interpreter that makes the venv (default python3; numpy 2.4 needs
# Python 3.11 or newer). Running it again reuses the venv and installs nothing when
# the pinned versions are already there.
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${1:-${OPOP_BENCH_VENV:-$repo_root/.venv-bench}}"
python="${PYTHON:-python3}"

# The versions the figures in scripts/bench/README.md were measured with.
pins=(numpy==2.4.6 opop==0.3.0 textual==8.2.8 rich==15.0.0)

if ! command -v "$python" >/dev/null 2>&1; then
    echo "setup-python.sh: interpreter '$python' not found; install Python 3.11 or newer, or set PYTHON" >&2
    exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
    echo "making the venv in $venv"
    if ! "$python" -m venv "$venv"; then
        echo "setup-python.sh: '$python -m venv $venv' failed; on Debian install python3-venv" >&2
        exit 1
    fi
fi

# Ask the venv whether every pin is installed, so a second run needs no network.
pins_met() {
    "$venv/bin/python" - "$@" <<'EOF'
import sys
from importlib.metadata import version, PackageNotFoundError

for pin in sys.argv[1:]:
    name, expected = pin.split("==")
    try:
        if version(name) != expected:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
EOF
}

if pins_met "${pins[@]}"; then
    echo "the venv in $venv already has ${pins[*]}"
else
    echo "installing ${pins[*]} into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pins[@]}"
fi

"$venv/bin/python" - <<'EOF'
import sys
from importlib.metadata import version

print(f"python {sys.version.split()[0]}")
for name in ("numpy", "opop", "textual", "rich"):
    print(f"{name} {version(name)}")
EOF
