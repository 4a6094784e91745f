#!/usr/bin/env bash
# The drills of issue 9, one after another; each prints its figures and PASS or FAIL, and its
# output is kept in target/drills/. See bench/README.md for what each does and the last figures.
#
#   bench/run-drills.sh                  # the full run: 5-minute loads, a 10-minute SMTP outage
#   DRILL_SECONDS=20 DRILL_OUTAGE_SECS=30 DRILL_RETRY_BASE_SECS=5 bench/run-drills.sh  # smoke
#   bench/run-drills.sh load flood       # some of them
#
# PostgreSQL drills run on a private cluster (port 5499, data in /tmp/bymidter-drill-pg) that
# this script creates and starts, so that restarting it disturbs no one else's databases.
set -uo pipefail
cd "$(dirname "$0")/.."

version=$(ls /etc/postgresql | head -n 1)
pgbin=/usr/lib/postgresql/$version/bin
pgdata=${DRILL_PGDATA:-/tmp/bymidter-drill-pg}
pgport=${DRILL_PGPORT:-5499}
runas=""
[ "$(id -u)" = 0 ] && runas="runuser -u postgres --"
if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"
    [ "$(id -u)" = 0 ] && chown postgres "$pgdata"
    $runas "$pgbin/initdb" -D "$pgdata" -A trust -U postgres >/dev/null
fi
if ! pg_isready -h 127.0.0.1 -p "$pgport" -q; then
    $runas "$pgbin/pg_ctl" -D "$pgdata" -o "-p $pgport -k /tmp" -l "$pgdata/server.log" -w start >/dev/null
fi
export DRILL_PG_URL="postgres://postgres@127.0.0.1:$pgport/postgres"
export DRILL_PG_RESTART="$runas $pgbin/pg_ctl -D $pgdata -m fast -w restart >/dev/null"

cargo bench --bench drills --no-run || exit 1

drills=("$@")
[ ${#drills[@]} -eq 0 ] && drills=(load flood sigterm sigkill smtp-down pg-restart two-processes)
mkdir -p target/drills
results=()
run() {
    local name=$1 backend=$2 drill=$3
    echo "=== $name ($backend) ==="
    DRILL_BACKEND=$backend cargo bench -q --bench drills -- "$drill" 2>&1 | tee "target/drills/$name-$backend.log"
    local status=${PIPESTATUS[0]}
    results+=("$name ($backend): $([ "$status" -eq 0 ] && echo PASS || echo FAIL)")
}
for drill in "${drills[@]}"; do
    case $drill in
        pg-restart|two-processes) run "$drill" postgres "$drill" ;;
        *) run "$drill" sqlite "$drill"; run "$drill" postgres "$drill" ;;
    esac
done
echo
printf '%s\n' "${results[@]}"
