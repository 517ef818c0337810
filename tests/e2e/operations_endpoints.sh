#!/usr/bin/env bash
# serve and daemon as an operator runs them: health with real db and kafka
# components, readiness, metrics and correlation ids; a stopped PostgreSQL
# turns health to 503 and its return brings 200 back without a restart;
# SIGTERM stops both cleanly.
source "$(dirname "$0")/lib.sh"

export SHOP_DATABASE_URL=$SHOP_TEST_DATABASE_URL
export SHOP_KAFKA_BOOTSTRAP_SERVERS=$SHOP_TEST_KAFKA_BOOTSTRAP
export SHOP_JWT_SECRET=e2e-secret-that-is-long-enough-for-hs256
export SHOP_KAFKA_NAMESPACE=e2e-ops-$RANDOM # its own topics and groups
read -r serve_port daemon_port <<<"$(free_ports 2)"
logs=$(mktemp -d)
"$SHOP" serve --http-port $serve_port >"$logs/serve.log" 2>&1 &
serve=$!
"$SHOP" daemon --http-port $daemon_port >"$logs/daemon.log" 2>&1 &
daemon=$!
trap 'kill $serve $daemon 2>/dev/null; "$REPO/packaging/local/infra" start postgres >/dev/null 2>&1' EXIT

for port in $serve_port $daemon_port; do
  base=http://127.0.0.1:$port
  wait_for_status "$base/actuator/health" 200 60 && pass "$port healthy" || fail "$port never became healthy: $(tail -5 "$logs"/*.log)"
  health=$(curl -s "$base/actuator/health")
  contains "$health" '"db":{"details":{"database":"PostgreSQL"},"status":"UP"}' "$port db component UP"
  contains "$health" '"kafka":{"details":{"brokers":1},"status":"UP"}' "$port kafka component UP"
  [[ $(http_status "$base/actuator/health/liveness") == 200 ]] && pass "$port liveness" || fail "$port liveness"
  [[ $(http_status "$base/actuator/health/readiness") == 200 ]] && pass "$port readiness" || fail "$port readiness"
  metrics=$(curl -s -D - "$base/actuator/prometheus")
  contains "$metrics" "text/plain; version=0.0.4" "$port prometheus content type"
  contains "$metrics" 'http_server_requests_seconds_count{method="GET",status="200",uri="/actuator/health"}' "$port request histogram by route"
  contains "$metrics" "process_resident_memory_bytes" "$port memory gauge"
  contains "$metrics" "process_uptime_seconds" "$port uptime gauge"
  headers=$(curl -s -D - -o /dev/null -H 'X-Correlation-ID: e2e-trace-1' "$base/actuator/health/liveness")
  contains "$headers" "X-Correlation-ID: e2e-trace-1" "$port echoes the correlation id"
done

"$REPO/packaging/local/infra" stop postgres >/dev/null
for port in $serve_port $daemon_port; do
  wait_for_status "http://127.0.0.1:$port/actuator/health" 503 5 && pass "$port answers 503 within 5 s of PostgreSQL stopping" || fail "$port still not 503"
  contains "$(curl -s "http://127.0.0.1:$port/actuator/health")" '"db":{"details":{"error":"database does not answer"},"status":"DOWN"}' "$port names the failing component"
  [[ $(http_status "http://127.0.0.1:$port/actuator/health/readiness") == 503 ]] && pass "$port not ready" || fail "$port still ready"
done
"$REPO/packaging/local/infra" start postgres >/dev/null
for port in $serve_port $daemon_port; do
  wait_for_status "http://127.0.0.1:$port/actuator/health" 200 30 && pass "$port back to 200 without a restart" || fail "$port did not recover"
done

kill -TERM $serve $daemon
wait $serve && pass "serve exits 0 on SIGTERM" || fail "serve exit $?"
wait $daemon && pass "daemon exits 0 on SIGTERM" || fail "daemon exit $?"
contains "$(cat "$logs/serve.log")" '"msg":"shop serve stopped"' "serve logs its stop"
grep -v '^{"ts":' "$logs/serve.log" | grep . && fail "serve wrote non-JSON lines" || pass "every serve log line is JSON"
rm -rf "$logs"
finish_checks
