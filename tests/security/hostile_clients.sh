#!/usr/bin/env bash
# The hostile-client suite (tests/security/hostile_clients.py) against a real
# `shop serve` on its own scratch database, with short deadlines so the
# attacks end within the test's time. Loopback only.
source "$(dirname "$0")/../e2e/lib.sh"

db=$(scratch_database) || { echo "no scratch database"; exit 1; }
logs=$(mktemp -d)
port=18580
export SHOP_DATABASE_URL=$db SHOP_KAFKA_BOOTSTRAP_SERVERS=$SHOP_TEST_KAFKA_BOOTSTRAP
export SHOP_JWT_SECRET=security-secret-that-is-long-enough-for-hs256
export SHOP_KAFKA_NAMESPACE=security-$RANDOM SHOP_LOG_LEVEL=warn
"$SHOP" serve --http-port $port --http-max-connections-per-address 64 --http-header-timeout-ms 2000 \
  --http-request-timeout-ms 4000 --http-idle-timeout-ms 3000 --http-input-budget-mb 32 \
  >"$logs/serve.log" 2>&1 &
serve=$!
trap 'kill $serve 2>/dev/null; wait $serve 2>/dev/null; drop_database "$db"; rm -rf "$logs"' EXIT

wait_for_status "http://127.0.0.1:$port/actuator/health/readiness" 200 60 || {
  echo "FAIL: serve never became ready"; tail -20 "$logs/serve.log"; exit 1; }
printf 'manager123\n' | "$SHOP" user add manager --role manager >/dev/null \
  || { echo "FAIL: user add manager"; exit 1; }
# Per-address caps would also apply to the suite's own probes, which come
# from 127.0.0.2: loopback answers every 127/8 address on Linux.
python3 "$(dirname "$0")/hostile_clients.py" $port $serve "$@"
status=$?
if [[ " $* " == *" slowloris "* ]]; then
  grep -q 'connection limit or deadline reached' "$logs/serve.log" \
    && echo "ok: caps and deadlines are logged" || { echo "FAIL: no log line for caps and deadlines"; status=1; }
fi
exit $status
