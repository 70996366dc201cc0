#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with a database
# sister_test, then print its SQLAlchemy URL as the ONLY line on stdout
# (tests read it via: export TEST_POSTGRES_URL=$(scripts/postgres.sh)).
# Everything else goes to stderr.
#
# An already-running server is used as it is. Otherwise the Debian cluster on
# port 5432 is started (or created, then started) with trust auth for
# 127.0.0.1/::1, which is fine for a throwaway test database.
set -euo pipefail

HOST=127.0.0.1
PORT=5432
DB=sister_test
URL="postgresql+psycopg://postgres@$HOST:$PORT/$DB"

log() { echo "postgres.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# Root runs the Debian wrappers directly (they drop privileges themselves);
# anyone else needs sudo for them.
as_root=()
if (( EUID != 0 )) && command -v sudo >/dev/null; then
    as_root=(sudo)
fi

ready() { pg_isready -q -h "$HOST" -p "$PORT" -t 2 >/dev/null 2>&1; }

command -v pg_isready >/dev/null \
    || die "PostgreSQL is not installed; run scripts/install.sh --test first"

if ready; then
    log "using the PostgreSQL server already answering on $HOST:$PORT"
else
    command -v pg_lsclusters >/dev/null \
        || die "nothing answers on $HOST:$PORT and postgresql-common is missing; run scripts/install.sh --test"

    # Pick the Debian cluster configured for our port, if any.
    # pg_lsclusters -h: "ver name port status owner datadir logfile"
    read -r ver name status < <(pg_lsclusters -h | awk -v p="$PORT" '$3 == p {print $1, $2, $4; exit}') || true

    if [[ -z "${ver:-}" ]]; then
        # No cluster on our port: create one with the newest installed server.
        ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n1)
        [[ -n "$ver" && -x /usr/lib/postgresql/$ver/bin/postgres ]] \
            || die "no PostgreSQL server binaries found; run scripts/install.sh --test"
        name=main
        # "main" may already exist on another port; don't clash with it.
        if [[ -d /etc/postgresql/$ver/main ]]; then name=sister; fi
        log "creating cluster $ver/$name on port $PORT"
        "${as_root[@]}" pg_createcluster -p "$PORT" "$ver" "$name" >&2
        status=down
    fi

    # Trust local TCP connections for the tests: our rules go first in
    # pg_hba.conf, since the first matching line wins.
    hba=/etc/postgresql/$ver/$name/pg_hba.conf
    if ! "${as_root[@]}" grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba" \
       || ! "${as_root[@]}" grep -qE '^host\s+all\s+all\s+::1/128\s+trust' "$hba"; then
        log "adding trust rules for 127.0.0.1 and ::1 to $hba"
        tmp=$(mktemp)
        {
            echo "# Added by sister-libraries scripts/postgres.sh: trust local TCP for tests."
            echo "host    all             all             127.0.0.1/32            trust"
            echo "host    all             all             ::1/128                 trust"
            "${as_root[@]}" cat "$hba"
        } >"$tmp"
        "${as_root[@]}" cp "$tmp" "$hba"   # cp keeps the file's owner and mode
        rm -f "$tmp"
    fi

    if [[ "$status" == online ]]; then
        # Running but not answering on $HOST:$PORT (e.g. listen_addresses
        # changed, which needs a restart, not just a reload).
        log "cluster $ver/$name is online but not answering on $HOST:$PORT; restarting it"
        "${as_root[@]}" pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" restart >&2
    else
        log "starting cluster $ver/$name"
        # --skip-systemctl-redirect: containers/CI often have no systemd.
        "${as_root[@]}" pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2
    fi

    for _ in $(seq 30); do
        ready && break
        sleep 1
    done
    ready || die "PostgreSQL did not answer on $HOST:$PORT within 30 s (see /var/log/postgresql/postgresql-$ver-$name.log)"
fi

# -X: ignore ~/.psqlrc so the output is just the value; -w: never prompt for
# a password (CI has no terminal), fail instead.
exists=$(psql -X -w -h "$HOST" -p "$PORT" -U postgres -d postgres -tAc \
         "SELECT 1 FROM pg_database WHERE datname='$DB'") \
    || die "cannot connect as postgres to $HOST:$PORT (is trust auth enabled for 127.0.0.1?)"
if [[ "$exists" != 1 ]]; then
    log "creating database $DB"
    createdb -w -h "$HOST" -p "$PORT" -U postgres "$DB" >&2
fi

echo "$URL"
