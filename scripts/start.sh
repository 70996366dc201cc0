#!/usr/bin/env bash
# The newcomer's command: install, load the demo data, serve the app locally.
#   scripts/start.sh            # http://127.0.0.1:5000/
#   PORT=8000 scripts/start.sh
set -euo pipefail

# Work from the repo root whatever the caller's cwd.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install.sh

# Creates/upgrades the SQLite schema in instance/ and loads the demo data
# (prints the demo logins).
.venv/bin/flask --app wsgi demo

port=${PORT:-5000}
echo
echo "Sister Libraries is starting on http://127.0.0.1:$port/"
echo "Log in with one of the demo accounts printed above. Stop with Ctrl-C."
echo

exec .venv/bin/flask --app wsgi run --host 127.0.0.1 --port "$port"
