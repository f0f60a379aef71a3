#!/usr/bin/env bash
# Start a throwaway PostgreSQL on 127.0.0.1 for the tests and print its URL.
# Usage: eval "$(bash scripts/pg-start.sh)"   → exports CASEWORK_TEST_PG_URL
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then echo "echo 'note: no PostgreSQL server installed; PG tests skip' >&2"; exit 0; fi
port=${CASEWORK_PG_PORT:-54329}
dir=${CASEWORK_PG_DIR:-/tmp/casework-pg-$port}
run() { if [ "$(id -u)" = 0 ]; then (cd / && su postgres -s /bin/bash -c "$*"); else bash -c "$*"; fi; }
if ! run "$bindir/pg_isready -q -h 127.0.0.1 -p $port" 2>/dev/null; then
  rm -rf "$dir"; mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  run "$bindir/initdb -D $dir/data -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null" >&2
  run "$bindir/pg_ctl -D $dir/data -l $dir/log -w -o '-h 127.0.0.1 -p $port -k $dir -F' start" >&2
fi
run "$bindir/psql -h 127.0.0.1 -p $port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='casework_test'\"" | grep -q 1 \
  || run "$bindir/createdb -h 127.0.0.1 -p $port -U postgres casework_test" >&2
echo "export CASEWORK_TEST_PG_URL=postgresql://postgres@127.0.0.1:$port/casework_test"
