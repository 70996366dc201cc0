#!/usr/bin/env bash
# The one command that installs everything and runs the whole test suite.
# Arguments go to pytest:  scripts/test.sh -q -k transitions
set -euo pipefail

# Work from the repo root whatever the caller's cwd.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages (Chromium, PostgreSQL, WeasyPrint's libraries) and the .venv.
bash scripts/install.sh --test

# A PostgreSQL database for the postgres-marked tests; the script prints only the URL.
TEST_POSTGRES_URL=$(bash scripts/postgres.sh)
export TEST_POSTGRES_URL
# Redis for the test that keeps the rate limits there: started when none answers.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && command -v redis-server >/dev/null; then
    redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes >/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break
        sleep 0.5
    done
fi
# Database 15, emptied by the test: never the one an app on this machine uses.
export TEST_REDIS_URL=redis://127.0.0.1:6379/15
# Browser tests drive Debian's Chromium rather than a Playwright-downloaded one.
export CHROMIUM=/usr/bin/chromium

# Not exec: we need pytest's exit status to catch an empty run.
rc=0
.venv/bin/python -m pytest "$@" || rc=$?
if (( rc == 5 )); then
    # Exit code 5 = no tests collected. A run that tested nothing must not pass.
    echo "test.sh: pytest collected no tests; treating that as a failure" >&2
    exit 1
fi
exit "$rc"
