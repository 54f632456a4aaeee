#!/usr/bin/env bash
# Creates .venv and installs the pinned requirements given as $1 (only when they changed).
set -euo pipefail
req=${1:-requirements.txt}
py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$py" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    # Debian ships venv separately.
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    else
      echo "python3 -m venv failed: install python3-venv (sudo apt-get install python3-venv)" >&2; exit 1
    fi
    "$py" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
fi
stamp=".venv/.installed-$(basename "$req")-$(cat requirements*.txt | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q -r "$req" 2>&1 | grep -v "is ignored" || true
  .venv/bin/python -c "import django" # fail loudly if the install did not work
  touch "$stamp"
fi
