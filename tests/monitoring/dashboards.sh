#!/usr/bin/env bash
# The Grafana dashboards in packaging/monitoring/grafana/ query only what the
# binaries expose: start `shop serve` and `shop daemon`, put an order through,
# provoke the events whose series only appear once they happen (a connection
# refused at the per-address limit, one ended by the idle deadline, consumer
# lag once the consumers report it), scrape both /actuator/prometheus, and
# check every dashboard query's metric and label names against the scrapes
# (check_dashboards.py). Then show that the check fails on a dashboard that
# names a metric nobody exposes.
here=$(dirname "$0")
source "$here/../e2e/lib.sh"
source "$here/../e2e/pipeline.sh"

dashboards=("$REPO"/packaging/monitoring/grafana/*.json)
((${#dashboards[@]} >= 2)) && [[ -f ${dashboards[0]} ]] || { fail "no dashboards in packaging/monitoring/grafana"; exit 1; }

# Ports of our own (pipeline.sh's and quickstart.sh's are other scripts').
serve_port=$((19600 + RANDOM % 200))
daemon_port=$((serve_port + 200))
serve_url=http://127.0.0.1:$serve_port
daemon_url=http://127.0.0.1:$daemon_port
api=$serve_url/api/v1

# A short idle deadline and a small per-address limit on serve, so the test
# can make both happen in a second.
per_address_limit=4
SHOP_DATABASE_URL=$(scratch_database) || { fail "cannot create a scratch database"; exit 1; }
export SHOP_DATABASE_URL
"$SHOP" migrate >/dev/null || { fail "migrate"; exit 1; }
echo "manager-password" | "$SHOP" user add manager --role manager >/dev/null || { fail "user add"; exit 1; }
SHOP_HTTP_IDLE_TIMEOUT_MS=500 SHOP_HTTP_MAX_CONNECTIONS_PER_ADDRESS=$per_address_limit \
  start_process serve serve --http-port "$serve_port"
wait_for_status "$serve_url/actuator/health/readiness" 200 60 || { fail "serve not ready: $(tail -5 "$pipeline_logs/serve.log")"; exit 1; }
start_daemon daemon "$daemon_port"
token=$(curl -s -X POST "$api/auth/login" -H 'Content-Type: application/json' \
          -d '{"username":"manager","password":"manager-password"}' | jq -r .accessToken)
[[ -n $token && $token != null ]] || { fail "manager login"; exit 1; }

product=$(new_product 12.50 10)
order=$(checkout "$product" 1)
[[ -n $order ]] && pass "checkout placed $order" || { fail "checkout placed no order"; exit 1; }
wait_for_sql "SELECT status FROM orders.orders WHERE order_number = '$order'" PAID 30 \
  && pass "$order is PAID" || { fail "$order not PAID"; exit 1; }

# One connection more than the limit allows, all left idle past the deadline.
for fd in $(seq 3 $((3 + per_address_limit))); do
  eval "exec $fd<>/dev/tcp/127.0.0.1/$serve_port" || fail "connect $fd"
done
sleep 1.5
for fd in $(seq 3 $((3 + per_address_limit))); do eval "exec $fd>&-"; done

serve_scrape=$pipeline_logs/serve.prom
daemon_scrape=$pipeline_logs/daemon.prom
# scrape_until URL FILE METRIC: scrapes until METRIC is in it (15 s at most).
scrape_until() {
  local deadline=$((SECONDS + 15))
  while :; do
    curl -s --max-time 10 "$1/actuator/prometheus" >"$2"
    grep -q "^$3[{ ]" "$2" && return 0
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}
scrape_until "$serve_url" "$serve_scrape" http_connection_timeouts_total \
  && pass "serve counts the idle connections it ended" || fail "serve: no http_connection_timeouts_total"
grep -q '^http_connections_refused_total{limit=' "$serve_scrape" \
  && pass "serve counts the connection over the per-address limit" || fail "serve: no http_connections_refused_total"
scrape_until "$daemon_url" "$daemon_scrape" kafka_consumer_lag \
  && pass "the daemon reports consumer lag" || fail "daemon: no kafka_consumer_lag"
grep -q '^order_processing_duration_seconds_count 1$' "$daemon_scrape" \
  && pass "the daemon's scrape shows the order went through" || fail "daemon: order_processing_duration_seconds_count is not 1"

if out=$(python3 "$here/check_dashboards.py" "$serve_scrape" "$daemon_scrape" -- "${dashboards[@]}"); then
  pass "every dashboard query names exposed metrics and labels: ${out##*$'\n'}"
else
  fail "dashboards query what the binaries do not expose:"$'\n'"$out"
fi

# The check must catch a panel that names a metric nobody exposes, and a
# label a metric does not carry.
broken=$pipeline_logs/broken.json
sed 's/outbox_backlog{/outbox_backlog_rows{/' "$REPO/packaging/monitoring/grafana/shop-order-pipeline.json" >"$broken"
out=$(python3 "$here/check_dashboards.py" "$serve_scrape" "$daemon_scrape" -- "$broken")
contains "$out" "metric outbox_backlog_rows is not exposed" "the check names a metric that is not exposed"
sed 's/sum by (table) (outbox_backlog{/sum by (queue) (outbox_backlog{/' \
  "$REPO/packaging/monitoring/grafana/shop-order-pipeline.json" >"$broken"
out=$(python3 "$here/check_dashboards.py" "$serve_scrape" "$daemon_scrape" -- "$broken")
contains "$out" "label queue is on none of ['outbox_backlog']" "the check names a label the metric does not carry"
printf '{"panels": [' >"$broken"
python3 "$here/check_dashboards.py" "$serve_scrape" -- "$broken" >/dev/null \
  && fail "the check passes a file that is not JSON" || pass "the check fails a file that is not JSON"
finish_checks
