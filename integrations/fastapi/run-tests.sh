#!/usr/bin/env bash
# Runs the tests of integrations/fastapi in a virtual environment.
#
#   integrations/fastapi/run-tests.sh [VENV_DIR] [-- PYTEST_ARGS...]
#
# VENV_DIR defaults to .build/python-venv at the repository root (git ignores .build/). It is created when missing
# (`--fresh` as VENV_DIR's place, or FRESH=1, recreates it), the package is installed into it with its test extras
# (`pip install ./integrations/fastapi[test]`, from PyPI), and pytest runs. The end-to-end tests use the ReportGen
# binary at $REPORTGEN_BIN, else .build/debug/reportgen at the repository root, and are skipped without it.
#
# Needs python3 3.10+ with the venv module: on Debian and Ubuntu, `apt-get install python3-venv` (without it
# `python3 -m venv` fails for lack of ensurepip).
# Exit status: pytest's; "no tests collected" (pytest's 5) is reported and turned into 1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"
fresh="${FRESH:-0}"

venv="$root/.build/python-venv"
if [[ $# -gt 0 && "$1" != "--" ]]; then
    if [[ "$1" == "--fresh" ]]; then fresh=1; else venv="$1"; fi
    shift
fi
if [[ $# -gt 0 && "$1" == "--" ]]; then shift; fi
# The tests run from the package's folder: a relative VENV_DIR is taken from the current one.
case "$venv" in /*) ;; *) venv="$PWD/$venv" ;; esac

if ! command -v "$python" >/dev/null 2>&1; then
    echo "run-tests.sh: $python not found; install Python 3.10 or later (Debian: apt-get install python3 python3-venv)" >&2
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
    echo "run-tests.sh: $("$python" --version 2>&1) is too old; reportgen-usage needs Python 3.10 or later" >&2
    exit 1
fi

if [[ "$fresh" == 1 && -d "$venv" ]]; then
    rm -rf "$venv"
fi
if [[ ! -x "$venv/bin/python" ]]; then
    echo "run-tests.sh: creating the virtual environment $venv" >&2
    mkdir -p "$(dirname "$venv")"
    if ! "$python" -m venv "$venv"; then
        rm -rf "$venv"
        echo "run-tests.sh: '$python -m venv' failed; on Debian or Ubuntu install the venv module: apt-get install python3-venv" >&2
        exit 1
    fi
fi

export PIP_DISABLE_PIP_VERSION_CHECK=1
"$venv/bin/python" -m pip install --quiet --upgrade pip
# A local folder is always rebuilt and reinstalled, so the tests run against the current sources.
"$venv/bin/python" -m pip install --quiet "$here[test]"

cd "$here"
status=0
"$venv/bin/python" -m pytest -p no:cacheprovider "$@" || status=$?
if [[ $status -eq 5 ]]; then
    echo "run-tests.sh: pytest collected no tests (exit 5): nothing was checked" >&2
    exit 1
fi
exit "$status"
