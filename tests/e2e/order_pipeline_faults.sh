#!/usr/bin/env bash
# The promise under faults: every order that got a 201 reaches PAID, with one
# order, one charge and one PaymentCompleted each, when the broker is down
# during the checkouts, when a daemon is killed with SIGKILL mid-stream, and
# when one of two daemons sharing the group dies.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pipeline.sh"
infra=$REPO/packaging/local/infra
trap 'stop_pipeline; "$infra" start kafka >/dev/null 2>&1' EXIT

start_pipeline
product=$(new_product 5.00 100000)

# all_paid N SECONDS: every one of the N orders PAID, no duplicates anywhere.
all_paid() {
  local n=$1
  wait_for_sql "SELECT count(*) FROM orders.orders WHERE status = 'PAID'" "$n" "$2" \
    && pass "all $n orders PAID" || fail "not all $n orders PAID: $(sql "SELECT status, count(*) FROM orders.orders GROUP BY 1")"
  [[ $(sql "SELECT count(*) FROM orders.orders") == "$n" ]] && pass "exactly $n orders" || fail "order count"
  [[ $(sql "SELECT count(*) FROM orders.mock_gateway_charges") == "$n" ]] && pass "$n charges, one per order" || fail "charges: $(sql "SELECT count(*) FROM orders.mock_gateway_charges")"
  [[ $(sql "SELECT count(*) FROM orders.outbox WHERE event_type = 'PAYMENT_COMPLETED'") == "$n" ]] \
    && pass "$n PaymentCompleted events" || fail "payment events: $(sql "SELECT count(*) FROM orders.outbox")"
  [[ $(sql "SELECT count(*) FROM (SELECT order_id FROM orders.payment_transactions GROUP BY 1 HAVING count(*) > 1) d") == 0 ]] \
    && pass "one payment per order" || fail "duplicate payments"
  [[ $(sql "SELECT count(*) FROM orders.order_status_history WHERE to_status = 'PAID'") == "$n" ]] \
    && pass "each order moved to PAID once" || fail "PAID transitions: $(sql "SELECT count(*) FROM orders.order_status_history WHERE to_status = 'PAID'")"
}

reset_orders() {
  sql "SET client_min_messages = warning; TRUNCATE orders.orders, orders.outbox, orders.processed_events, orders.mock_gateway_charges CASCADE" >/dev/null
}

# 1. The broker is down while 200 checkouts are made.
"$infra" stop kafka >/dev/null
orders=$(many_checkouts 200 "$product" | grep -c '^ORD-')
[[ $orders == 200 ]] && pass "200 checkouts answered 201 with the broker down" || fail "only $orders of 200 checkouts succeeded"
[[ $(sql "SELECT count(*) FROM catalog.outbox WHERE sent_at IS NULL") == 200 ]] && pass "200 events wait in the outbox" || fail "outbox backlog"
"$infra" start kafka >/dev/null
all_paid 200 120

# 2. The daemon is killed with SIGKILL in the middle of 200 orders.
reset_orders
stop_process daemon
start_daemon slow "$daemon_port" SHOP_PAYMENT_MOCK_LATENCY_MS=40
many_checkouts 200 "$product" >/dev/null
wait_for_sql "SELECT count(*) > 20 FROM orders.orders WHERE status = 'PAID'" t 60 || fail "processing never started"
stop_process slow KILL
paid_at_kill=$(sql "SELECT count(*) FROM orders.orders WHERE status = 'PAID'")
((paid_at_kill < 200)) && pass "killed with $paid_at_kill of 200 paid" || fail "kill came too late to prove anything"
start_daemon daemon "$daemon_port"
all_paid 200 120

# 3. Two daemons share the group; one dies, the other takes its partitions.
reset_orders
start_daemon second "$third_daemon_port" SHOP_PAYMENT_MOCK_LATENCY_MS=60
stop_process daemon
start_daemon first "$daemon_port" SHOP_PAYMENT_MOCK_LATENCY_MS=60
many_checkouts 200 "$product" >/dev/null
wait_for_sql "SELECT count(*) > 20 FROM orders.orders WHERE status = 'PAID'" t 60 || fail "processing never started"
contains "$(cat "$pipeline_logs/first.log")" '"msg":"partitions assigned"' "the first daemon got partitions"
contains "$(cat "$pipeline_logs/second.log")" '"msg":"partitions assigned"' "the second daemon got partitions"
assignments=$(grep -c '"msg":"partitions assigned"' "$pipeline_logs/second.log")
stop_process first KILL
all_paid 200 120
# The group notices the death after the session timeout (10 s).
deadline=$((SECONDS + 40))
while (($(grep -c '"msg":"partitions assigned"' "$pipeline_logs/second.log") == assignments && SECONDS < deadline)); do sleep 1; done
(($(grep -c '"msg":"partitions assigned"' "$pipeline_logs/second.log") > assignments)) \
  && pass "the survivor took over the dead daemon's partitions" || fail "no new assignment for the survivor"
finish_checks
