#!/usr/bin/env bash
# The hostile-client suite (tests/security/hostile_clients.py) against a real
# `shop serve` (and for order lookups a `shop daemon`) on its own scratch database, with short deadlines so the
# attacks end within the test's time. Loopback only.
source "$(dirname "$0")/../e2e/lib.sh"

db=$(scratch_database) || { echo "no scratch database"; exit 1; }
logs=$(mktemp -d)
read -r port daemon_port <<<"$(free_ports 2)"
export SHOP_DATABASE_URL=$db SHOP_KAFKA_BOOTSTRAP_SERVERS=$SHOP_TEST_KAFKA_BOOTSTRAP
export SHOP_JWT_SECRET=security-secret-that-is-long-enough-for-hs256
export SHOP_KAFKA_NAMESPACE=security-$RANDOM SHOP_LOG_LEVEL=warn
"$SHOP" serve --http-port $port --http-max-connections-per-address 64 --http-header-timeout-ms 2000 \
  --http-request-timeout-ms 4000 --http-idle-timeout-ms 3000 --http-input-budget-mb 32 \
  >"$logs/serve.log" 2>&1 &
serve=$!
daemon=
trap 'kill $serve $daemon 2>/dev/null; wait $serve $daemon 2>/dev/null; drop_database "$db"; rm -rf "$logs"' EXIT

wait_for_status "http://127.0.0.1:$port/actuator/health/readiness" 200 60 || {
  echo "FAIL: serve never became ready"; tail -20 "$logs/serve.log"; exit 1; }
# The stale-price case changes prices as this manager.
export SECURITY_MANAGER_PASSWORD=security-manager-password
printf '%s\n' "$SECURITY_MANAGER_PASSWORD" | "$SHOP" user add security-manager --role manager >/dev/null || {
  echo "FAIL: cannot add the manager"; exit 1; }
# Order lookups are the daemon's: it gets its own port and 30 orders of 30
# customers written straight into the database serve has just migrated.
if [[ " $* " == *" order-enumeration "* ]]; then
  export SHOP_SECURITY_DAEMON_PORT=$daemon_port
  psql -X -q -v ON_ERROR_STOP=1 "$db" >/dev/null <<'SQL' || { echo "FAIL: cannot add the orders"; exit 1; }
INSERT INTO orders.orders (id, order_number, customer_name, customer_email, customer_phone, shipping_street,
                           shipping_city, shipping_state, shipping_postal_code, shipping_country, subtotal_cents,
                           status, payment_status)
SELECT gen_random_uuid(), 'ORD-20261130-' || lpad(n::text, 3, '0'), 'Customer Number' || n,
       'customer' || n || '@example.com', '+44123456' || lpad(n::text, 4, '0'), n || ' Private Road', 'London',
       'LN', 'N1 9GU', 'GB', 1999, 'PENDING', 'PENDING'
FROM generate_series(1, 30) AS n;
INSERT INTO orders.order_items (order_id, line_no, product_id, product_sku, product_name, quantity,
                                price_snapshot_cents, subtotal_cents)
SELECT id, 1, gen_random_uuid(), 'MUG-1', 'Mug', 1, 1999, 1999 FROM orders.orders;
SQL
  "$SHOP" daemon --http-port $SHOP_SECURITY_DAEMON_PORT --no-migrate >"$logs/daemon.log" 2>&1 &
  daemon=$!
  wait_for_status "http://127.0.0.1:$SHOP_SECURITY_DAEMON_PORT/actuator/health/readiness" 200 60 || {
    echo "FAIL: daemon never became ready"; tail -20 "$logs/daemon.log"; exit 1; }
fi
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
