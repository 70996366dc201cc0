#!/usr/bin/env bash
# Install everything the project needs: Debian packages, then the .venv.
# Idempotent and quick on a second run: apt and pip only run when something
# is missing or pyproject.toml changed.
#
#   scripts/install.sh          # what running the app needs
#   scripts/install.sh --test   # plus Chromium, PostgreSQL and Redis for the tests
set -euo pipefail

# Work from the repo root whatever the caller's cwd.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

with_test=0
for arg in "$@"; do
    case "$arg" in
        --test) with_test=1 ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

log() { echo "install.sh: $*" >&2; }

# --- Debian packages ---------------------------------------------------------
# python3-venv: Debian's python3 has no ensurepip without it, so `-m venv` fails.
# WeasyPrint needs Pango/HarfBuzz (subset for font embedding) and a font;
# poppler-utils (pdftotext) lets the tests read the generated PDFs.
packages=(python3 python3-venv libharfbuzz-subset0 fonts-dejavu-core
          libpango-1.0-0 libpangoft2-1.0-0 poppler-utils)
if (( with_test )); then
    # Browser tests drive Debian's Chromium; postgres-marked tests need a
    # server; one test keeps the rate limits in Redis.
    packages+=(chromium postgresql redis-server)
fi

missing=()
for pkg in "${packages[@]}"; do
    # "install ok unpacked" (half-configured) counts as missing.
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if (( ${#missing[@]} )); then
    sudo=()
    if (( EUID != 0 )); then
        if command -v sudo >/dev/null; then
            sudo=(sudo)
        else
            log "need root (or sudo) to install: ${missing[*]}"
            exit 1
        fi
    fi

    # Another apt/dpkg (e.g. unattended-upgrades, a provisioning job) may hold
    # the locks: retry for up to 5 minutes instead of failing at once.
    apt_retry() {
        local deadline=$((SECONDS + 300)) out rc
        out=$(mktemp)
        while :; do
            rc=0
            # Show apt's progress (on stderr) and keep a copy to inspect errors.
            "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive "$@" 2>&1 \
                | tee "$out" >&2 || rc=$?
            (( rc == 0 )) && break
            if grep -q "dpkg was interrupted" "$out"; then
                # A previous install was killed half-way; finish configuring it.
                log "finishing an interrupted dpkg run (dpkg --configure -a)"
                "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive dpkg --configure -a >&2 || true
            elif ! grep -qiE "could not (get|open) lock|unable to (acquire|lock)" "$out"; then
                break
            fi
            if (( SECONDS >= deadline )); then
                log "gave up waiting for the apt/dpkg lock"
                break
            fi
            log "apt/dpkg is busy (another process holds the lock); retrying in 5 s"
            sleep 5
        done
        rm -f "$out"
        return "$rc"
    }

    log "installing Debian packages: ${missing[*]}"
    apt_retry apt-get update -q
    apt_retry apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- Python virtualenv -------------------------------------------------------
export PIP_DISABLE_PIP_VERSION_CHECK=1

# A venv without a working interpreter (interrupted creation) is recreated.
if [[ ! -x .venv/bin/python ]] || ! .venv/bin/python -c '' 2>/dev/null; then
    log "creating .venv"
    rm -rf .venv
    python3 -m venv .venv
fi

# Skip pip when nothing changed since the last successful install: the stamp
# covers pyproject.toml and which top-level packages exist (setuptools'
# editable install maps package names at install time, so a new package
# directory needs a reinstall).
stamp=.venv/.sister-install-stamp
want=$( { cat pyproject.toml; ls -d -- */__init__.py 2>/dev/null || true; } \
        | sha256sum | cut -d' ' -f1 )
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    log "Python packages up to date"
else
    log "installing Python packages into .venv (pip install -e '.[test,dev]')"
    rm -f "$stamp"
    .venv/bin/python -m pip install -q -e '.[test,dev]'
    echo "$want" >"$stamp"
fi

# --- Message catalogs ----------------------------------------------------------
# The .mo files are build products (not in git): compile them from the .po
# catalogs when a catalog is newer than its compiled file.
for po in translations/*/LC_MESSAGES/messages.po; do
    [[ -e "$po" ]] || continue
    mo=${po%.po}.mo
    if [[ ! -f "$mo" || "$po" -nt "$mo" ]]; then
        lang=$(basename "$(dirname "$(dirname "$po")")")
        .venv/bin/pybabel compile -d translations -l "$lang" >/dev/null
    fi
done
