#!/usr/bin/env bash
# Schemathesis against /api/openapi.json of the release binary, with two users of different
# organisations (alice and bob, each with published and draft records): `--checks all`,
# object-level authorisation between them, and the same by hand (bench/schemathesis_setup.py).
#
#   bench/schemathesis.sh                 # 180 s of fuzzing
#   ST_MAX_TIME=600 bench/schemathesis.sh # longer
#   BYMIDTER_BIN=target/debug/bymidter bench/schemathesis.sh   # another build
#
# Needs python3; installs schemathesis into target/schemathesis-venv on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

max_time=${ST_MAX_TIME:-180}
venv=${ST_VENV:-target/schemathesis-venv}
if [ ! -x "$venv/bin/schemathesis" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi
bin=${BYMIDTER_BIN:-target/release/bymidter}
[ -x "$bin" ] || cargo build --release

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
env -i PATH="$PATH" \
    BYMIDTER__DATA_DIR="$work/data" \
    BYMIDTER__HTTP__ADDR="127.0.0.1:$port" \
    BYMIDTER__HTTP__PUBLIC_URL="$base" \
    BYMIDTER__RATE_LIMITS__ENABLED=false \
    BYMIDTER__AUTH__MIN_RESPONSE_MS=0 \
    BYMIDTER__OUTBOX__POLL_INTERVAL_MS=100 \
    BYMIDTER__LOG__LEVEL=warn \
    "$bin" serve >"$work/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
    curl -fs "$base/ready" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fs "$base/ready" >/dev/null

"$venv/bin/python" bench/schemathesis_setup.py "$base" "$work/data/mail" "$work/auth.json"

cat >"$work/schemathesis.toml" <<TOML
[auth.wfc]
path = "$work/auth.json"
peers = ["alice", "bob"]
TOML

status=0
"$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run \
    "$base/api/openapi.json" \
    --checks all \
    --max-time "$max_time" \
    --workers 2 \
    --request-timeout 10 \
    --report junit --report-dir "$work/report" \
    --warnings off || status=$?
mkdir -p target
cp -r "$work/report" target/schemathesis-report 2>/dev/null || true
if grep -q 'panicked' "$work/service.log"; then
    echo "the service panicked:" >&2
    grep -A5 'panicked' "$work/service.log" >&2
    status=1
fi
exit "$status"
