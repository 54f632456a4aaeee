#!/usr/bin/env bash
# `make test`: the whole suite on PostgreSQL (browser tests included), then the
# non-browser part on SQLite. Installs what is missing first. Exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in postgresql chromium chromium-driver poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 nodejs npm; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
# Node and npm may come from elsewhere than Debian; only the commands matter.
if command -v npm >/dev/null 2>&1; then
  need=("${need[@]/nodejs}"); need=("${need[@]/npm}")
fi
need=($(printf '%s\n' "${need[@]}" | grep -v '^$' || true))
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null || exit 1
fi

bash scripts/venv.sh requirements-dev.txt || exit 1
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --silent --no-audit --no-fund || exit 1
fi

if [ -z "${DATABASE_URL:-}" ]; then
  bash scripts/postgres.sh || exit 1
  export DATABASE_URL="postgres://passend:passend@127.0.0.1:5432/passend"
fi
case "$DATABASE_URL" in postgres*) ;; *) echo "DATABASE_URL must point to PostgreSQL for make test" >&2; exit 1;; esac

# One worker per core (pytest-xdist; each has its own test database): on two cores it halves the run.
workers=(-n "${PASSEND_TEST_WORKERS:-auto}")
status=0
echo "== PostgreSQL: all tests, browser tests included"
.venv/bin/python -m pytest -q -p no:randomly "${workers[@]}" "$@" || status=1
echo "== SQLite: all tests except the browser tests and PostgreSQL-only tests"
DATABASE_URL="sqlite:///$(pwd)/var/test-sqlite.sqlite3" .venv/bin/python -m pytest -q -m "not e2e and not postgres" "${workers[@]}" "$@" || status=1
exit $status
