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
