#!/usr/bin/env bash
# The benchmark's pgbench scripts still run exactly the statements shop serve
# runs for each scenario: `tests/bench/customer-api --check-statements` on a
# scratch database (one request and one pgbench transaction per scenario,
# captured on the wire and compared). A change to the SQL of a product read,
# a cart or a checkout must update tests/bench/customer-api.d/pgbench/ too,
# or the benchmark would compare the server with other statements than its own.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v wrk >/dev/null || "$REPO/packaging/local/deps" wrk >/dev/null
name=e2e_bench_$RANDOM$RANDOM
trap 'drop_database "${SHOP_TEST_DATABASE_URL%/*}/$name"' EXIT
# Ports (the server's and the capturing proxy's, one above) below Linux's
# ephemeral range (32768 up), where an outgoing connection's port made the
# server's listen fail now and then.
SHOP_BIN=$SHOP SHOP_BENCH_PORT=$((20000 + RANDOM % 12000)) SHOP_KAFKA_BOOTSTRAP_SERVERS=$SHOP_TEST_KAFKA_BOOTSTRAP \
  "$REPO/tests/bench/customer-api" --check-statements --pg "$SHOP_TEST_DATABASE_URL" --db-name "$name"
