#!/usr/bin/env bash
# Scale-out under faults: two `shop serve` behind HAProxy (round robin,
# health-checked on readiness), two `shop daemon`s in one consumer group, one
# PostgreSQL, one Kafka. 16 clients place 1,000 checkouts over 200 products
# through the load balancer; meanwhile one serve and one daemon are killed
# with SIGKILL and restarted, and the broker is restarted. Then the database,
# the mock gateway's ledger and the topics must show: every 201 is exactly one
# order, PAID once, charged once; no 201 is missing; the stock went down by
# exactly what was sold; both daemons had partitions; every request the load
# balancer failed was retried by the client with the same Idempotency-Key or
# reported. Prints orders/s and checkout->PAID p50/p99 (docs/performance.md).
# SCALE_OUT_CHECKOUTS changes the 1,000; SCALE_OUT_KEEP=DIR keeps a failed
# run's logs and database. Restarts the broker of SHOP_INFRA_DIR: never run it
# against infrastructure other tests are using.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pipeline.sh"
infra=$REPO/packaging/local/infra
LOAD=${SHOP_E2E_CHECKOUT_LOAD:?SHOP_E2E_CHECKOUT_LOAD must point at build/bin/e2e_checkout_load}
command -v haproxy >/dev/null || { fail "haproxy is not installed (packaging/local/deps)"; exit 1; }

clients=16
checkouts=${SCALE_OUT_CHECKOUTS:-1000}
product_count=200
stock_per_product=1000
base=$((18000 + RANDOM % 40 * 10))
serve_ports=([1]=$base [2]=$((base + 1)))
daemon_ports=([1]=$((base + 2)) [2]=$((base + 3)))
lb_port=$((base + 4))
stats_port=$((base + 5))
lb=http://127.0.0.1:$lb_port
# Two members per daemon and topic: four members share three partitions, so
# each daemon owns at least one (with the default three, one daemon could own
# all and the other stand by).
export SHOP_ORDER_CONSUMERS=2
work=$pipeline_logs # removed with the logs
haproxy_pid=

finish() {
  [[ -n $haproxy_pid ]] && kill "$haproxy_pid" 2>/dev/null && wait "$haproxy_pid" 2>/dev/null
  # SCALE_OUT_KEEP=DIR keeps the logs, the client's results and the HAProxy
  # configuration there, and the database of a failed run.
  if [[ -n ${SCALE_OUT_KEEP:-} ]]; then
    mkdir -p "$SCALE_OUT_KEEP" && cp -r "$work"/. "$SCALE_OUT_KEEP" && echo "kept the logs in $SCALE_OUT_KEEP"
    ((failures > 0)) && echo "kept the database $SHOP_DATABASE_URL" && unset SHOP_DATABASE_URL
  fi
  stop_pipeline
  "$infra" start kafka >/dev/null 2>&1
}
trap finish EXIT

start_serve() { # start_serve N: serve N, ready when it returns
  start_process "serve$1" serve --http-port "${serve_ports[$1]}"
  wait_for_status "http://127.0.0.1:${serve_ports[$1]}/actuator/health/readiness" 200 60 \
    || { fail "serve$1 not ready: $(tail -5 "$pipeline_logs/serve$1.log")"; exit 1; }
}

# --- The shop: database, two serves, two daemons, products.
SHOP_DATABASE_URL=$(scratch_database) || { fail "cannot create a scratch database"; exit 1; }
export SHOP_DATABASE_URL
"$SHOP" migrate >/dev/null || { fail "migrate"; exit 1; }
echo "manager-password" | "$SHOP" user add manager --role manager >/dev/null || { fail "user add"; exit 1; }
start_serve 1
start_serve 2
start_daemon daemon1 "${daemon_ports[1]}"
start_daemon daemon2 "${daemon_ports[2]}"
api=http://127.0.0.1:${serve_ports[1]}/api/v1
token=$(curl -s -X POST "$api/auth/login" -H 'Content-Type: application/json' \
          -d '{"username":"manager","password":"manager-password"}' | jq -r .accessToken)
[[ -n $token && $token != null ]] || { fail "manager login"; exit 1; }
category_id=$(curl -s -X POST "$api/categories" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
                -d "{\"name\":\"Scale-out $RANDOM\"}" | jq -r .id)
create_product() { # N: prints the id
  curl -s -X POST "$api/products" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"sku\":\"SCALE-$1\",\"name\":\"Scale-out product $1\",\"price\":$((3 + $1 % 7)).$((10 + $1 % 90)),\"inventoryQuantity\":$stock_per_product,\"categoryId\":\"$category_id\"}" \
    | jq -r .id
}
export -f create_product
export api token category_id stock_per_product
seq "$product_count" | xargs -P 4 -I{} bash -c 'create_product {}' | grep -v null >"$work/products"
[[ $(wc -l <"$work/products") == "$product_count" ]] && pass "$product_count products created" \
  || { fail "products: $(wc -l <"$work/products") of $product_count"; exit 1; }
sql "CREATE TABLE public.stock_before AS SELECT id, inventory_quantity FROM catalog.products" >/dev/null

# --- The load balancer: round robin over both serves, a server leaves after
# two failed readiness checks. HAProxy never resends a request (retries 0),
# so every failure reaches the client, which resends it: a checkout with the
# same Idempotency-Key, a cart line into a new cart. Server connections are
# reused (HAProxy's default `http-reuse safe`). A serve killed after adding
# a cart line but before answering makes HAProxy close the client's
# keep-alive connection without an answer, and Qt then resends the line
# itself, unasked: the client sees the line twice in the cart it gets back
# and starts a new cart (lost_cart_reply.sh shows it step by step).
# Kafka decides a serve's readiness only until it first answers, so the
# broker restart leaves both serves in the balancer; checkouts go on, their
# events wait in the outbox.
cat >"$work/haproxy.cfg" <<EOF
global
    maxconn 1024
    log stdout format raw local0
defaults
    mode http
    log global
    option httplog
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    retries 0
frontend shop
    bind 127.0.0.1:$lb_port
    default_backend serve
backend serve
    balance roundrobin
    option httpchk GET /actuator/health/readiness
    http-check expect status 200
    timeout check 2s
    default-server inter 500ms fall 2 rise 2
    server serve1 127.0.0.1:${serve_ports[1]} check
    server serve2 127.0.0.1:${serve_ports[2]} check
frontend stats
    bind 127.0.0.1:$stats_port
    stats enable
    stats uri /stats
EOF
haproxy -db -f "$work/haproxy.cfg" >>"$pipeline_logs/haproxy.log" 2>&1 &
haproxy_pid=$!
wait_for_status "$lb/actuator/health/readiness" 200 30 || { fail "HAProxy does not answer: $(cat "$pipeline_logs/haproxy.log")"; exit 1; }

# --- The load, and the faults in the middle of it.
: >"$work/results"
started=$SECONDS
# Each shopper thinks 250 ms between orders (at most 64 checkouts/s): on a
# quiet machine the load would otherwise end in a few seconds, before the
# broker restart.
"$LOAD" "$lb" "$work/products" "$clients" "$checkouts" "scale-$RANDOM$RANDOM" 250 >"$work/results" 2>"$work/load.err" &
load_pid=$!
done_count() { wc -l <"$work/results"; }
wait_until_done() { # N: until N checkouts finished (or the load ended)
  while (($(done_count) < $1)) && kill -0 "$load_pid" 2>/dev/null; do sleep 0.1; done
}
wait_until_done $((checkouts / 4))
killed_at=$(done_count)
stop_process serve2 KILL
stop_process daemon2 KILL
sleep 1
start_serve 2
start_daemon daemon2 "${daemon_ports[2]}"
wait_until_done $((checkouts / 2))
broker_restart_at=$(done_count)
broker_stopped=$SECONDS
"$infra" stop kafka >/dev/null 2>&1
# Both serves answered the broker once (at their start), so its absence no
# longer decides their readiness: the balancer keeps them.
for n in 1 2; do
  [[ $(http_status "http://127.0.0.1:${serve_ports[$n]}/actuator/health/readiness") == 200 ]] \
    && pass "serve$n stays ready while the broker is down" || fail "serve$n not ready while the broker is down"
done
"$infra" start kafka >/dev/null 2>&1 || fail "the broker did not come back"
broker_back_at=$(done_count)
broker_seconds=$((SECONDS - broker_stopped))
wait "$load_pid"
load_exit=$?
load_seconds=$((SECONDS - started))
echo "serve2 and daemon2 killed after $killed_at checkouts; broker restarted from $broker_restart_at to $broker_back_at (${broker_seconds}s)"
cat "$work/load.err"
((killed_at < checkouts && broker_restart_at < checkouts)) \
  && pass "the faults came while checkouts were running" || fail "the load ended before the faults"

# --- Every checkout has one outcome line; failures are reported, not lost.
ok=$(grep -c '^ok ' "$work/results")
reported=$(grep -c '^failed ' "$work/results")
[[ $(cut -d' ' -f2 "$work/results" | sort -un | wc -l) == "$checkouts" && $((ok + reported)) == "$checkouts" ]] \
  && pass "all $checkouts checkouts have exactly one outcome ($ok ok, $reported reported failures)" \
  || fail "outcomes: $ok ok + $reported failed, $(cut -d' ' -f2 "$work/results" | sort -un | wc -l) distinct"
((reported == 0)) && pass "no checkout failed after retries" || fail "reported failures: $(grep '^failed ' "$work/results" | head -5)"
[[ $load_exit == "$((reported > 0 ? 1 : 0))" ]] || fail "load client exit $load_exit"
retried=$(grep -o 'retried: [0-9]* checkouts, [0-9]* cart lines' "$work/load.err" | awk '{ print $2 + $4 }')
lb_5xx=$(curl -s "http://127.0.0.1:$stats_port/stats;csv" \
           | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "hrsp_5xx") col = i }
                      $1 == "shop" && $2 == "FRONTEND" { print $col }')
[[ -n $lb_5xx && -n $retried ]] && ((retried + reported >= lb_5xx)) \
  && pass "each of the load balancer's $lb_5xx failed answers was retried or reported ($retried retries)" \
  || fail "load balancer 5xx: '$lb_5xx', client retries: '$retried', reported: $reported"

# --- Every 201 became an order, and each order is PAID once, charged once.
grep '^ok ' "$work/results" | awk '{ print $3 "," $4 "," $5 "," $6 "," $8 }' >"$work/ok.csv"
sql "CREATE TABLE public.answered (idempotency_key text, order_number text, product_id uuid, quantity int, answered_ms bigint)" >/dev/null
psql -X -q "$SHOP_DATABASE_URL" -c "\\copy public.answered FROM '$work/ok.csv' WITH (FORMAT csv)" || fail "loading the results"
wait_for_sql "SELECT count(*) FROM orders.orders o JOIN public.answered a USING (order_number) WHERE o.status = 'PAID'" \
  "$ok" 150 && pass "all $ok answered orders are PAID" \
  || fail "not all PAID: $(sql "SELECT status, count(*) FROM orders.orders GROUP BY 1")"
check() { # DESCRIPTION QUERY EXPECTED
  local got
  got=$(sql "$2")
  [[ $got == "$3" ]] && pass "$1" || fail "$1: got '$got', wanted '$3'"
}
check "every 201 has its own order number" "SELECT count(DISTINCT order_number) FROM public.answered" "$ok"
check "no 201 is missing from the orders" \
  "SELECT count(*) FROM public.answered a LEFT JOIN orders.orders o USING (order_number) WHERE o.id IS NULL" 0
check "no order exists without a 201 (orders = answered)" "SELECT count(*) FROM orders.orders" "$ok"
# A line the client added once must be in its order once, whatever
# resends happened on the way (see the load balancer above).
mismatched=$(sql "SELECT a.idempotency_key, a.order_number, a.product_id, a.quantity, string_agg(i.product_id || ' x' || i.quantity, ', ')
                   FROM public.answered a JOIN orders.orders o USING (order_number) JOIN orders.order_items i ON i.order_id = o.id
                  GROUP BY 1, 2, 3, 4 HAVING NOT bool_or(i.product_id = a.product_id AND i.quantity = a.quantity)
                      OR count(*) > 1 LIMIT 10")
if [[ -z $mismatched ]]; then
  pass "each order holds what its client put in the cart"
else
  fail "orders unlike their client's cart (key, order, wanted product, quantity, got):"$'\n'"$mismatched"
  for key in $(cut -d'|' -f1 <<<"$mismatched"); do grep -F "$key" "$pipeline_logs/haproxy.log"; done
fi
check "each order moved to PAID exactly once" \
  "SELECT count(*) FROM orders.order_status_history WHERE to_status = 'PAID'
   UNION ALL SELECT count(*) FROM (SELECT order_id FROM orders.order_status_history WHERE to_status = 'PAID'
                                   GROUP BY 1 HAVING count(*) > 1) twice" "$ok"$'\n'0
check "one payment transaction per order, SUCCESS" \
  "SELECT count(*) FROM orders.payment_transactions p JOIN orders.orders o ON o.id = p.order_id WHERE p.status = 'SUCCESS'" "$ok"
check "the gateway's ledger has one approved charge per order, of its total" \
  "SELECT count(*) FROM orders.mock_gateway_charges c JOIN orders.orders o ON o.id = c.order_id
    WHERE c.outcome = 'APPROVED' AND c.amount_cents = o.subtotal_cents
   UNION ALL SELECT count(*) FROM orders.mock_gateway_charges" "$ok"$'\n'"$ok"
echo "charges the gateway saw more than once (answered from its ledger): $(sql "SELECT count(*) FROM orders.mock_gateway_charges WHERE calls > 1")"
check "the stock of each product went down by exactly what its orders hold" \
  "SELECT count(*) FROM public.stock_before b JOIN catalog.products p USING (id)
    WHERE b.inventory_quantity - p.inventory_quantity
          <> (SELECT coalesce(sum(quantity), 0) FROM orders.order_items i WHERE i.product_id = p.id)" 0

# --- The topics: one OrderCreated and one PaymentCompleted key per order
# (a restart may publish a message twice; the consumers drop the repeat).
topic_keys() { # TOPIC: the distinct message keys on the topic
  java -Xmx256m -XX:TieredStopAtLevel=1 -cp "$REPO/.local/kafka/libs/*" org.apache.kafka.tools.consumer.ConsoleConsumer \
    --bootstrap-server "$SHOP_TEST_KAFKA_BOOTSTRAP" --topic "$SHOP_KAFKA_NAMESPACE.$1" --from-beginning \
    --timeout-ms 8000 --property print.key=true --property print.value=false 2>/dev/null | sort -u
}
sql "SELECT id FROM orders.orders ORDER BY 1" >"$work/order_ids"
for topic in orders.created payments.completed; do
  topic_keys "$topic" >"$work/keys.$topic"
  diff -q "$work/order_ids" "$work/keys.$topic" >/dev/null \
    && pass "$topic carries exactly the $ok orders" \
    || fail "$topic keys differ from the orders: $(diff "$work/order_ids" "$work/keys.$topic" | head -5)"
done

# --- Both daemons worked: each was assigned partitions and paid orders.
for n in 1 2; do
  grep '"msg":"partitions assigned"' "$pipeline_logs/daemon$n.log" | grep -q "orders\.created\[" \
    && pass "daemon$n was assigned orders.created partitions" || fail "daemon$n got no orders.created partition"
  paid=$(curl -s "http://127.0.0.1:${daemon_ports[$n]}/actuator/prometheus" | awk '$1 == "payments_success_total" { print $2 }')
  echo "daemon$n (since its last start) charged: ${paid:-?} payments"
done
grep -h '"msg":"payment approved"' "$pipeline_logs"/daemon1.log >/dev/null \
  && grep -h '"msg":"payment approved"' "$pipeline_logs"/daemon2.log >/dev/null \
  && pass "both daemons approved payments" || fail "a daemon approved no payment"

# --- Numbers.
sql "SELECT format('checkout->PAID p50 %s ms, p99 %s ms; end to end %s orders/s (first 201 to last PAID)',
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)), round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)),
       round(count(*) / greatest(max(paid_ms) - min(answered_ms), 1) * 1000.0, 1))
       FROM (SELECT a.answered_ms, extract(epoch FROM h.changed_at) * 1000 AS paid_ms,
                    extract(epoch FROM h.changed_at) * 1000 - a.answered_ms AS ms
               FROM public.answered a JOIN orders.orders o USING (order_number)
               JOIN orders.order_status_history h ON h.order_id = o.id AND h.to_status = 'PAID') t"
echo "orders PAID per 10 s from the first 201: $(sql "SELECT string_agg(n::text, ' ' ORDER BY s) FROM (
        SELECT floor((extract(epoch FROM h.changed_at) * 1000 - (SELECT min(answered_ms) FROM public.answered)) / 10000) s, count(*) n
          FROM orders.order_status_history h WHERE h.to_status = 'PAID' GROUP BY 1) t")"
echo "load: $checkouts checkouts by $clients clients in ${load_seconds}s; whole test ${SECONDS}s"
finish_checks
