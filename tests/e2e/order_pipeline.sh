#!/usr/bin/env bash
# The order pipeline end to end on the real PostgreSQL and Kafka: checkout ->
# relay -> daemon -> payment -> PAID; a redelivered OrderCreated changes
# nothing; a declining gateway ends FAILED with the stock back exactly once;
# a manager's cancel restocks; poison messages go to the DLT and the next good
# order still goes through.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pipeline.sh"

start_pipeline
product=$(new_product 19.99 50)

# Golden path.
order=$(checkout "$product" 2)
[[ $order == ORD-* ]] && pass "checkout gives an order number" || fail "checkout: '$order'"
wait_for_sql "SELECT status || '/' || payment_status FROM orders.orders WHERE order_number = '$order'" "PAID/SUCCESS" 30 \
  && pass "order reaches PAID" || fail "order not PAID"
body=$(curl -s "$daemon_url/api/v1/orders/$order")
[[ $(jq -r .status <<<"$body") == PAID && $(jq -r .subtotal <<<"$body") == 39.98 ]] \
  && pass "guest lookup shows PAID and the subtotal" || fail "lookup: $body"
[[ $(sql "SELECT inventory_quantity FROM catalog.products WHERE id = '$product'") == 48 ]] \
  && pass "stock went down by 2" || fail "stock after sale"

# The same OrderCreated again (the relay publishes the row a second time).
order_id=$(sql "SELECT id FROM orders.orders WHERE order_number = '$order'")
sql "UPDATE catalog.outbox SET sent_at = NULL WHERE aggregate_id = '$order_id'" >/dev/null
wait_for_sql "SELECT count(*) FROM catalog.outbox WHERE aggregate_id = '$order_id' AND sent_at IS NULL" 0 15 \
  && pass "OrderCreated published again" || fail "not republished"
sleep 3
[[ $(sql "SELECT count(*) FROM orders.orders WHERE order_number = '$order'") == 1 ]] && pass "still one order" || fail "duplicate order"
[[ $(sql "SELECT count(*) FROM orders.mock_gateway_charges WHERE order_id = '$order_id'") == 1 ]] \
  && pass "one charge in the gateway's ledger" || fail "charges"
[[ $(sql "SELECT count(*) FROM orders.outbox WHERE aggregate_id = '$order_id'") == 1 ]] \
  && pass "one PaymentCompleted" || fail "payment events: $(sql "SELECT count(*) FROM orders.outbox WHERE aggregate_id = '$order_id'")"
[[ $(sql "SELECT count(*) FROM orders.order_items WHERE order_id = '$order_id'") == 1 ]] && pass "items not doubled" || fail "items doubled"

# A manager cancels the PAID order: the stock comes back once.
curl -s -o /dev/null -X POST "$daemon_url/api/v1/orders/$order/cancel" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"reason":"customer changed their mind"}'
wait_for_sql "SELECT inventory_quantity FROM catalog.products WHERE id = '$product'" 50 20 \
  && pass "cancel restocks" || fail "cancel did not restock"

# A declining gateway: FAILED with a reason, stock back exactly once.
stop_process daemon
start_daemon declining "$second_daemon_port" SHOP_PAYMENT_MOCK_SUCCESS_RATE=0 SHOP_PAYMENT_MOCK_FAILURE_MODE=decline
declined=$(checkout "$product" 3)
wait_for_sql "SELECT status || '/' || payment_status FROM orders.orders WHERE order_number = '$declined'" "FAILED/FAILED" 30 \
  && pass "declined order is FAILED" || fail "declined order not FAILED"
declined_id=$(sql "SELECT id FROM orders.orders WHERE order_number = '$declined'")
event=$(sql "SELECT payload FROM orders.outbox WHERE aggregate_id = '$declined_id'")
[[ $(jq -r .status <<<"$event") == FAILED && $(jq -r .failureReason <<<"$event") == "card declined" \
   && $(jq -r .externalTransactionId <<<"$event") == null ]] \
  && pass "PaymentCompleted FAILED with the reason" || fail "event: $event"
wait_for_sql "SELECT inventory_quantity FROM catalog.products WHERE id = '$product'" 50 20 \
  && pass "failed payment restocks" || fail "no restock after the failed payment"
sql "UPDATE orders.outbox SET sent_at = NULL WHERE aggregate_id = '$declined_id'" >/dev/null
sleep 4
[[ $(sql "SELECT inventory_quantity FROM catalog.products WHERE id = '$product'") == 50 ]] \
  && pass "a redelivered FAILED event does not restock twice" || fail "restocked twice"

# A gateway that times out: the order FAILS after 3 attempts, the breaker
# opens (health shows it, the service stays UP) and later turns half-open.
stop_process declining
start_daemon timeouts "$third_daemon_port" SHOP_PAYMENT_MOCK_SUCCESS_RATE=0 SHOP_PAYMENT_MOCK_FAILURE_MODE=timeout \
  SHOP_PAYMENT_TIMEOUT_MS=100 SHOP_PAYMENT_BREAKER_OPEN_MS=3000
timed_out=$(checkout "$product" 1)
wait_for_sql "SELECT status || '/' || (SELECT failure_reason FROM orders.payment_transactions p WHERE p.order_id = o.id)
              FROM orders.orders o WHERE order_number = '$timed_out'" "FAILED/payment gateway timed out" 30 \
  && pass "timed-out payment fails the order with the reason" || fail "timed-out order"
health=$(curl -s -w ' %{http_code}' http://127.0.0.1:$third_daemon_port/actuator/health)
contains "$health" '"paymentGateway":{"details":{"circuitBreaker":"OPEN"},"status":"CIRCUIT_OPEN"}' "health shows the breaker OPEN"
contains "$health" '"status":"UP"} 200' "the daemon stays UP while the circuit is open"
contains "$(curl -s http://127.0.0.1:$third_daemon_port/actuator/prometheus)" 'payment_circuit_breaker_state{name="paymentGateway",state="OPEN"} 1' \
  "the breaker state is a metric"
wait_for_status_body() { # URL TEXT SECONDS
  local deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do [[ $(curl -s "$1") == *"$2"* ]] && return 0; sleep 0.2; done
  return 1
}
wait_for_status_body http://127.0.0.1:$third_daemon_port/actuator/health '"circuitBreaker":"HALF_OPEN"' 10 \
  && pass "the breaker turns HALF_OPEN after its open time" || fail "breaker never half-open"

# Poison messages: not JSON, a missing field, a wrong type. Then a good order.
stop_process timeouts
start_daemon daemon "$daemon_port"
good=$(sql "SELECT payload FROM catalog.outbox WHERE aggregate_id = '$order_id'")
poison=("not json at all" "$(jq -c 'del(.orderNumber)' <<<"$good")" "$(jq -c '.items[0].quantity = "two"' <<<"$good")")
poison_ids=()
for payload in "${poison[@]}"; do
  id=$(sql "INSERT INTO catalog.outbox (aggregate_id, event_type, topic, message_key, payload)
            VALUES (gen_random_uuid(), 'ORDER_CREATED', 'orders.created', 'poison', \$\$$payload\$\$) RETURNING id" | head -1)
  poison_ids+=("$id")
done
after=$(checkout "$product" 1)
wait_for_sql "SELECT status FROM orders.orders WHERE order_number = '$after'" PAID 30 \
  && pass "the order after the poison messages is PAID" || fail "consumer stuck after poison"
# A cash sale (OrderCreated 1.1 with paymentMethod CASH, as the POS sends it)
# is settled at once, without the gateway.
cash_id=$(sql "SELECT gen_random_uuid()")
cash_number=ORD-20990101-$RANDOM$RANDOM
cash=$(jq -c --arg id "$cash_id" --arg n "$cash_number" --arg e "$(sql "SELECT gen_random_uuid()")" \
  '.orderId = $id | .orderNumber = $n | .eventId = $e | .eventVersion = "1.1" | .paymentMethod = "CASH"' <<<"$good")
sql "INSERT INTO catalog.outbox (aggregate_id, event_type, topic, message_key, payload)
     VALUES ('$cash_id', 'ORDER_CREATED', 'orders.created', '$cash_id', \$\$$cash\$\$)" >/dev/null
wait_for_sql "SELECT o.status || '/' || p.payment_method || '/' || p.external_transaction_id
              FROM orders.orders o JOIN orders.payment_transactions p ON p.order_id = o.id WHERE o.id = '$cash_id'" \
  "PAID/CASH/cash-$cash_number" 30 && pass "a cash sale is PAID at once" || fail "cash sale not settled"
[[ $(sql "SELECT count(*) FROM orders.mock_gateway_charges WHERE order_id = '$cash_id'") == 0 ]] \
  && pass "cash is not charged through the gateway" || fail "cash went to the gateway"

# The poison messages sit on another partition than the orders after them,
# so they may still be on their way to the DLT: wait until all three are counted.
for try in $(seq 60); do
  curl -s $daemon_url/actuator/prometheus \
    | grep -qF 'dlt_messages_total{reason="invalid",topic="orders.created"} 3' && break
  sleep 0.5
done
dlt=$("$SHOP" dlt list orders.created 2>&1)
for id in "${poison_ids[@]}"; do
  contains "$dlt" "$id" "poison message $id is in orders.created.DLT"
done
contains "$dlt" "orderNumber" "the DLT names the missing field"
contains "$(curl -s $daemon_url/actuator/prometheus)" 'dlt_messages_total{reason="invalid",topic="orders.created"} 3' \
  "dlt_messages_total counts them"
finish_checks
