#!/usr/bin/env bash
# Makes sure a local PostgreSQL runs on 127.0.0.1:5432 with a role `passend` that may create databases.
set -euo pipefail
if ! pg_isready -q -h 127.0.0.1 -p 5432 -t 2; then
  VER=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VER main" || pg_createcluster "$VER" main
  pg_ctlcluster --skip-systemctl-redirect "$VER" main status >/dev/null 2>&1 \
    || pg_ctlcluster --skip-systemctl-redirect "$VER" main start
  pg_isready -q -h 127.0.0.1 -p 5432 -t 30
fi
if [ "$(id -u)" = 0 ]; then PSQL=(runuser -u postgres -- psql); else PSQL=(sudo -u postgres psql); fi
cd / && "${PSQL[@]}" -q -U postgres -d postgres -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'CREATE ROLE passend LOGIN CREATEDB PASSWORD ''passend''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname='passend')\gexec
SELECT 'CREATE DATABASE passend OWNER passend' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='passend')\gexec
SQL
