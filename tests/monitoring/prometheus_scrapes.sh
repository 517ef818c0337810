#!/usr/bin/env bash
# A real Prometheus (Debian's) with the shipped configuration and alerting
# rules scrapes a running serve and daemon: both targets are up and their
# metrics arrive (PostgreSQL and Kafka UP on both); once the daemon stops,
# ShopTargetDown fires for it.
# The configuration is generated from packaging/monitoring/prometheus.yml
# with 1 s scrape and evaluation intervals, this test's ports, and every
# rule's `for` cut to 5 s so the test does not wait minutes.
source "$(dirname "$0")/../e2e/lib.sh"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d)
database=$(scratch_database) || { echo "FAIL: cannot create a scratch database"; exit 1; }
serve_port=$(free_port) daemon_port=$(free_port) prometheus_port=$(free_port)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  drop_database "$database"
  rm -rf "$work"
}
trap cleanup EXIT

export SHOP_DATABASE_URL=$database
export SHOP_KAFKA_BOOTSTRAP_SERVERS=$SHOP_TEST_KAFKA_BOOTSTRAP
export SHOP_JWT_SECRET=e2e-secret-that-is-long-enough-for-hs256
export SHOP_KAFKA_NAMESPACE=e2e-prom-$RANDOM # its own topics and groups
"$SHOP" serve --http-port "$serve_port" >"$work/serve.log" 2>&1 &
pids+=($!)
"$SHOP" daemon --http-port "$daemon_port" >"$work/daemon.log" 2>&1 &
daemon=$!
pids+=($daemon)
for port in "$serve_port" "$daemon_port"; do
  wait_for_status "http://127.0.0.1:$port/actuator/health" 200 60 && pass "$port healthy" \
    || fail "$port never became healthy: $(tail -5 "$work"/*.log)"
done

monitoring=$REPO/packaging/monitoring
python3 - "$monitoring/prometheus.yml" "$monitoring/shop-alerts.yml" "$work" "$serve_port" "$daemon_port" <<'PY'
import sys, yaml
config_path, rules_path, work, serve_port, daemon_port = sys.argv[1:]
config = yaml.safe_load(open(config_path))
config["global"].update(scrape_interval="1s", evaluation_interval="1s")
config["rule_files"] = [work + "/shop-alerts.yml"]
ports = {"shop-serve": serve_port, "shop-daemon": daemon_port}
for job in config["scrape_configs"]:
    job["static_configs"] = [{"targets": ["127.0.0.1:" + ports[job["job_name"]]]}]
yaml.safe_dump(config, open(work + "/prometheus.yml", "w"))
rules = yaml.safe_load(open(rules_path))
for group in rules["groups"]:
    for rule in group["rules"]:
        if "for" in rule:
            rule["for"] = "5s"
yaml.safe_dump(rules, open(work + "/shop-alerts.yml", "w"))
PY
promtool check config "$work/prometheus.yml" >/dev/null && pass "generated configuration is valid" \
  || fail "generated configuration: $(promtool check config "$work/prometheus.yml" 2>&1)"

prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)
api=http://127.0.0.1:$prometheus_port/api/v1

# query PROMQL: the result vector as compact JSON ([] when empty).
query() { curl -s --max-time 5 "$api/query" --data-urlencode "query=$1" | jq -c '.data.result // []'; }
# wait_until SECONDS JQ-FILTER PROMQL: polls until the query's result passes the filter.
wait_until() {
  local deadline=$((SECONDS + $1))
  while ((SECONDS < deadline)); do
    query "$3" | jq -e "$2" >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}
alerts() { curl -s --max-time 5 "$api/alerts" | jq -c '.data.alerts // []'; }

wait_for_status "http://127.0.0.1:$prometheus_port/-/ready" 200 30 && pass "prometheus ready" \
  || fail "prometheus not ready: $(tail -5 "$work/prometheus.log")"
wait_until 30 'length == 2 and all(.value[1] == "1")' 'up{job=~"shop-.*"}' \
  && pass "both targets up" || fail "targets not up: $(curl -s "$api/targets" | jq -c '[.data.activeTargets[] | {job: .labels.job, health, lastError}]')"
for job in shop-serve shop-daemon; do
  wait_until 15 'length > 0' "http_server_requests_seconds_count{job=\"$job\"}" \
    && pass "$job request histogram scraped" || fail "$job has no http_server_requests_seconds"
done
wait_until 15 'length == 1' 'outbox_oldest_unsent_age_seconds{job="shop-serve",table="catalog.outbox"}' \
  && pass "serve outbox age scraped" || fail "no catalog.outbox age from serve"
wait_until 15 'length == 1' 'payment_circuit_breaker_state{job="shop-daemon",state="OPEN"}' \
  && pass "daemon breaker state scraped" || fail "no breaker state from daemon"
wait_until 30 'length == 4 and all(.value[1] == "1")' 'health_component_up' \
  && pass "db and kafka UP on both" || fail "health components: $(query health_component_up)"
rule_health=$(curl -s "$api/rules" | jq -r '[.data.groups[].rules[] | select(.health != "ok")] | length')
[[ $rule_health == 0 ]] && pass "every rule evaluates" || fail "rules with errors: $(curl -s "$api/rules" | jq -c '[.data.groups[].rules[] | select(.health != "ok")]')"
sleep 3
[[ $(alerts | jq '[.[] | select(.labels.alertname == "ShopTargetDown")] | length') == 0 ]] \
  && pass "ShopTargetDown quiet while both run" || fail "ShopTargetDown fired early: $(alerts)"

kill -TERM "$daemon"
wait "$daemon"
deadline=$((SECONDS + 60))
until alerts | jq -e '.[] | select(.labels.alertname == "ShopTargetDown" and .state == "firing"
                                   and .labels.job == "shop-daemon")' >/dev/null || ((SECONDS >= deadline)); do
  sleep 1
done
firing=$(alerts | jq -c '[.[] | select(.state == "firing") | {alert: .labels.alertname, job: .labels.job}]')
contains "$firing" '{"alert":"ShopTargetDown","job":"shop-daemon"}' "ShopTargetDown fires for the stopped daemon"
[[ $firing != *'"job":"shop-serve"'* ]] && pass "nothing fires for the running serve" || fail "serve alerts: $firing"
runbook=$(alerts | jq -r '.[] | select(.labels.alertname == "ShopTargetDown") | .annotations.runbook_url')
contains "$runbook" "docs/operations.md#shoptargetdown" "the alert links its runbook"

finish_checks
