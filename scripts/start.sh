#!/bin/sh
# `make run`: an embedded SQLite installation with salon demo data, served at once. Safe to run
# again: init is idempotent and demo data is added once. `make tour` (scripts/tour.sh) adds an
# account per job and walks through what privault does, beside the served console or alone.
set -eu
. scripts/demo_lib.sh
open_shop
sign_ins
PORT="${PRIVAULT_PORT:-8000}"
printf 'Console http://127.0.0.1:%s  portal /portal  API docs /docs\n' "$PORT"
printf 'Accounts for every job and a guided tour: `make tour` in another terminal.\n'
printf 'Ctrl-C stops the server; `%s --help` shows every command.\n' "$P"
exec $P serve --host 127.0.0.1 --port "$PORT"
