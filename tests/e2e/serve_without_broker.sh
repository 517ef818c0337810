#!/usr/bin/env bash
# A broker outage as serve and the daemon see it, without stopping the shared
# broker: both are pointed at an address where nothing listens. As the
# contract says, neither is ready before Kafka has answered once; serve still
# answers the requests that reach it and takes checkouts, whose OrderCreated
# events wait in the outbox. (A serve whose broker goes away later stays
# ready: e2e_scale_out restarts the broker.) A serve that reaches the broker
# then publishes what waited.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pipeline.sh"

# A port that was free a moment ago and that nothing listens on.
dead_broker=127.0.0.1:$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

SHOP_DATABASE_URL=$(scratch_database) || { fail "cannot create a scratch database"; exit 1; }
export SHOP_DATABASE_URL
"$SHOP" migrate >/dev/null || { fail "migrate"; exit 1; }
echo "manager-password" | "$SHOP" user add manager --role manager >/dev/null || { fail "user add"; exit 1; }

SHOP_KAFKA_BOOTSTRAP_SERVERS=$dead_broker start_process serve serve --http-port "$serve_port" --no-migrate
wait_for_status "$serve_url/actuator/health/liveness" 200 60 || { fail "serve does not start: $(tail -5 "$pipeline_logs/serve.log")"; exit 1; }
readiness=$(curl -s -w '\n%{http_code}' --max-time 10 "$serve_url/actuator/health/readiness")
[[ ${readiness##*$'\n'} == 503 ]] && pass "serve is not ready before a broker answered" || fail "serve readiness: $readiness"
readiness=${readiness%$'\n'*}
[[ $(jq -r .status <<<"$readiness") == DOWN ]] && pass "readiness says DOWN" || fail "readiness body: $readiness"
[[ $(jq -r .components.kafka.status <<<"$readiness") == DOWN ]] && pass "readiness names Kafka" || fail "no kafka DOWN in $readiness"
[[ $(jq -r .components.db.status <<<"$readiness") == UP ]] && pass "readiness shows the database UP" || fail "no db UP in $readiness"
[[ $(jq -r .components.migrations.status <<<"$readiness") == UP ]] && pass "readiness shows migrations UP" || fail "no migrations UP in $readiness"
[[ $(http_status "$serve_url/actuator/health") == 503 ]] && pass "health answers 503 while Kafka is down" || fail "health is not 503 without a broker"
[[ $(jq -r .components.kafka.status <<<"$(curl -s "$serve_url/actuator/health")") == DOWN ]] && pass "health names Kafka" || fail "health does not name Kafka"

token=$(curl -s -X POST "$api/auth/login" -H 'Content-Type: application/json' \
          -d '{"username":"manager","password":"manager-password"}' | jq -r .accessToken)
[[ -n $token && $token != null ]] || { fail "manager login"; exit 1; }
product=$(new_product 12.50 10)
[[ -n $product && $product != null ]] || { fail "cannot create a product"; exit 1; }

for n in 1 2 3; do
  session=s-nobroker-$n-$RANDOM
  curl -s -o /dev/null -X POST "$api/carts/$session/items" -H 'Content-Type: application/json' \
    -d "{\"productId\":\"$product\",\"quantity\":1}"
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "$api/checkout" -H 'Content-Type: application/json' \
             -H "Idempotency-Key: key-$session" -d "{\"sessionId\":\"$session\",\"customerInfo\":$customer}")
  [[ $status == 201 ]] && pass "checkout $n answers 201 without a broker" || fail "checkout $n answered $status"
done
[[ $(sql "SELECT count(*) FROM catalog.outbox WHERE event_type = 'ORDER_CREATED' AND sent_at IS NULL") == 3 ]] \
  && pass "the three OrderCreated events wait in the outbox" \
  || fail "outbox: $(sql "SELECT event_type, sent_at, attempts FROM catalog.outbox")"
readiness=$(curl -s --max-time 10 "$serve_url/actuator/health/readiness")
[[ $(jq -r .components.outbox.details.unsent <<<"$readiness") == 3 ]] \
  && pass "readiness shows the outbox backlog" || fail "no backlog of 3 in $readiness"

SHOP_KAFKA_BOOTSTRAP_SERVERS=$dead_broker start_process daemon daemon --http-port $((serve_port + 1)) --no-migrate
daemon_url=http://127.0.0.1:$((serve_port + 1))
wait_for_status "$daemon_url/actuator/health/liveness" 200 60 || { fail "daemon does not start: $(tail -5 "$pipeline_logs/daemon.log")"; exit 1; }
readiness=$(curl -s -w '\n%{http_code}' --max-time 10 "$daemon_url/actuator/health/readiness")
[[ ${readiness##*$'\n'} == 503 ]] && pass "the daemon is not ready without a broker" || fail "daemon readiness: $readiness"
[[ $(jq -r .components.kafka.status <<<"${readiness%$'\n'*}") == DOWN ]] \
  && pass "the daemon's readiness names Kafka" || fail "daemon readiness body: $readiness"

# A serve that reaches the broker publishes what the first one stored. The
# first stops before: its relay holds the row it is trying to publish until
# the producer gives up on it.
stop_process serve
start_process serve-with-broker serve --http-port $((serve_port + 2)) --no-migrate
wait_for_sql "SELECT count(*) FROM catalog.outbox WHERE sent_at IS NULL" 0 60 \
  && pass "the waiting events are published once a broker answers" || fail "events still unsent"

finish_checks
