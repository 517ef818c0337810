#!/usr/bin/env bash
# Refunds pay back exactly once: cancelling a PAID order refunds it once even
# when the daemon is killed between the gateway's refund and its commit and
# the request is delivered again; a refund the gateway declines waits in the
# managers' list and a retry pays it once; a payment approved for an order
# cancelled meanwhile is refunded too. Only this script's own daemons are
# killed; the shared PostgreSQL and Kafka are never touched.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pipeline.sh"

start_pipeline
orders_api=$daemon_url/api/v1
product=$(new_product 12.50 100)
stock() { sql "SELECT inventory_quantity FROM catalog.products WHERE id = '$product'"; }
auth=(-H "Authorization: Bearer $token")

cancel() { # cancel ORDER_NUMBER [API]: prints the HTTP status
  curl -s -o /dev/null -w '%{http_code}' -X POST "${2:-$orders_api}/orders/$1/cancel" "${auth[@]}" \
    -H 'Content-Type: application/json' -d '{"reason":"customer changed their mind"}'
}
paid_order() { # paid_order QUANTITY: a checkout that the daemon has PAID; prints its number
  local number
  number=$(checkout "$product" "$1")
  wait_for_sql "SELECT status FROM orders.orders WHERE order_number = '$number'" PAID 30 >/dev/null \
    || fail "order $number not PAID"
  echo "$number"
}
refund_of() { sql "SELECT r.$2 FROM orders.refunds r JOIN orders.orders o ON o.id = r.order_id WHERE o.order_number = '$1'"; }

# 1. Killed between the refund and its commit, then redelivered.
order=$(paid_order 2)
order_id=$(sql "SELECT id FROM orders.orders WHERE order_number = '$order'")
[[ $(stock) == 98 ]] && pass "checkout took 2 from stock" || fail "stock after checkout: $(stock)"
# Hold the payment row, so the daemon's recording transaction (which adds
# to refunded_cents) waits after the gateway has paid: a deterministic kill
# point. The cancel is not held: it only reads the payment row.
PGAPPNAME=refund-hold psql -X -q "$SHOP_DATABASE_URL" -c "BEGIN" \
  -c "SELECT 1 FROM orders.payment_transactions WHERE order_id = '$order_id' FOR NO KEY UPDATE" \
  -c "SELECT pg_sleep(120)" >/dev/null 2>&1 &
hold_pid=$!
wait_for_sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'refund-hold' AND query LIKE '%pg_sleep%'" 1 10 \
  || fail "the payment row is not held"
[[ $(cancel "$order") == 200 ]] && pass "cancel of a PAID order answers 200" || fail "cancel refused"
wait_for_sql "SELECT count(*) FROM orders.mock_gateway_refunds WHERE outcome = 'APPROVED'" 1 30 \
  && pass "the gateway paid the refund" || fail "no refund in the gateway's ledger"
wait_for_sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'" 1 15 \
  && pass "the daemon waits to record it" || fail "the daemon is not waiting on the held row"
stop_process daemon KILL
sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'refund-hold'" >/dev/null
wait "$hold_pid" 2>/dev/null
[[ $(refund_of "$order" status) == REQUESTED ]] && pass "killed before the result committed" \
  || fail "refund status after the kill: $(refund_of "$order" status)"
start_daemon daemon "$daemon_port"
wait_for_sql "SELECT r.status FROM orders.refunds r WHERE r.order_id = '$order_id'" SUCCEEDED 30 \
  && pass "the redelivered request completed the refund" || fail "refund not SUCCEEDED"
[[ $(sql "SELECT count(*) || '/' || sum(calls) FROM orders.mock_gateway_refunds") == 1/2 ]] \
  && pass "one refund in the ledger; the second ask got the first answer" \
  || fail "ledger: $(sql "SELECT count(*) || '/' || sum(calls) FROM orders.mock_gateway_refunds")"
[[ $(sql "SELECT status || '/' || payment_status FROM orders.orders WHERE id = '$order_id'") == CANCELLED/REFUNDED ]] \
  && pass "order CANCELLED, payment REFUNDED" || fail "order: $(sql "SELECT status || '/' || payment_status FROM orders.orders WHERE id = '$order_id'")"
[[ $(sql "SELECT refunded_cents = amount_cents FROM orders.payment_transactions WHERE order_id = '$order_id'") == t ]] \
  && pass "the whole payment is refunded" || fail "refunded_cents"
json=$(curl -s "$orders_api/orders/$order" "${auth[@]}")
[[ $(jq -r '.paymentStatus + "/" + .refunds[0].status + "/" + (.refunds[0].amount|tostring)' <<<"$json") == REFUNDED/SUCCEEDED/25 ]] \
  && pass "the order API shows the refund" || fail "order JSON: $json"
[[ $(sql "SELECT count(*) FROM orders.order_status_history WHERE order_id = '$order_id' AND reason LIKE 'refunded 25.00%'") == 1 ]] \
  && pass "the history shows the refund once" || fail "history rows"

# The same request delivered again after everything committed: nothing new.
sql "UPDATE orders.outbox SET sent_at = NULL WHERE event_type = 'REFUND_REQUESTED'" >/dev/null
wait_for_sql "SELECT count(*) FROM orders.outbox WHERE sent_at IS NULL" 0 15 \
  && pass "RefundRequested published again" || fail "not republished"
deadline=$((SECONDS + 20))
until grep -q 'refund not waiting for payment; skipped' "$pipeline_logs/daemon.log" || ((SECONDS > deadline)); do sleep 0.5; done
contains "$(cat "$pipeline_logs/daemon.log")" 'refund not waiting for payment; skipped' "the duplicate was skipped"
[[ $(sql "SELECT count(*) || '/' || sum(calls) FROM orders.mock_gateway_refunds") == 1/2 ]] \
  && pass "the duplicate did not reach the gateway" || fail "ledger after the duplicate"
[[ $(sql "SELECT count(*) FROM orders.outbox WHERE event_type = 'PAYMENT_REFUNDED' AND aggregate_id = '$order_id'") == 1 ]] \
  && pass "one PaymentRefunded" || fail "PaymentRefunded events"
wait_for_sql "SELECT inventory_quantity FROM catalog.products WHERE id = '$product'" 100 20 \
  && pass "the stock came back once" || fail "stock after the cancel: $(stock)"

# 2. The gateway declines; the refund waits for a manager; a retry pays once.
declined=$(paid_order 1)
stop_process daemon
start_daemon declining "$second_daemon_port" SHOP_PAYMENT_MOCK_SUCCESS_RATE=0 SHOP_PAYMENT_MOCK_FAILURE_MODE=decline
[[ $(cancel "$declined" http://127.0.0.1:$second_daemon_port/api/v1) == 200 ]] && pass "cancel answers 200" || fail "cancel refused"
wait_for_sql "SELECT r.status FROM orders.refunds r JOIN orders.orders o ON o.id = r.order_id WHERE o.order_number = '$declined'" FAILED 30 \
  && pass "the declined refund is FAILED" || fail "declined refund not FAILED"
listed=$(curl -s "http://127.0.0.1:$second_daemon_port/api/v1/refunds?status=FAILED" "${auth[@]}")
[[ $(jq -r '"\(.totalElements) \(.content[0].orderNumber) \(.content[0].failureReason)"' <<<"$listed") == "1 $declined refund declined" ]] \
  && pass "managers see it in the FAILED list" || fail "FAILED list: $listed"
contains "$(curl -s http://127.0.0.1:$second_daemon_port/actuator/prometheus)" 'refunds_failed 1' "the metric counts it"
[[ $(http_status "http://127.0.0.1:$second_daemon_port/api/v1/refunds?status=FAILED") == 401 ]] && pass "the list needs a token" || fail "list without a token"
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$second_daemon_port/api/v1/refunds?status=LOST" "${auth[@]}") == 400 ]] \
  && pass "an unknown status is a 400" || fail "bad status"
stop_process declining
start_daemon daemon "$daemon_port"
refund_id=$(refund_of "$declined" id)
retried=$(curl -s -X POST "$orders_api/refunds/$refund_id/retry" "${auth[@]}")
[[ $(jq -r .status <<<"$retried") == REQUESTED ]] && pass "retry answers the refund REQUESTED" || fail "retry: $retried"
wait_for_sql "SELECT status FROM orders.refunds WHERE id = '$refund_id'" SUCCEEDED 30 \
  && pass "the retried refund SUCCEEDED" || fail "retried refund: $(refund_of "$declined" status)"
[[ $(curl -s -o /dev/null -w '%{http_code}' -X POST "$orders_api/refunds/$refund_id/retry" "${auth[@]}") == 409 ]] \
  && pass "a SUCCEEDED refund cannot be retried" || fail "second retry not 409"
[[ $(curl -s -o /dev/null -w '%{http_code}' -X POST "$orders_api/refunds/not-an-id/retry" "${auth[@]}") == 404 ]] \
  && pass "a malformed refund id is a 404" || fail "malformed id"
payment=$(sql "SELECT p.external_transaction_id FROM orders.payment_transactions p JOIN orders.orders o ON o.id = p.order_id WHERE o.order_number = '$declined'")
[[ $(sql "SELECT string_agg(outcome, ',' ORDER BY outcome) FROM orders.mock_gateway_refunds WHERE payment_reference = '$payment'") == APPROVED,DECLINED ]] \
  && pass "one decline and one refund in the ledger" || fail "ledger for the retried refund"
[[ $(jq -r .totalElements <<<"$(curl -s "$orders_api/refunds?status=FAILED" "${auth[@]}")") == 0 ]] \
  && pass "nothing needs attention any more" || fail "FAILED list not empty"

# 3. Cancelled while the charge is under way: the approved charge is refunded.
stop_process daemon
start_daemon slow "$daemon_port" SHOP_PAYMENT_MOCK_LATENCY_MS=3000
late=$(checkout "$product" 1)
wait_for_sql "SELECT status FROM orders.orders WHERE order_number = '$late'" PROCESSING 20 >/dev/null || fail "never PROCESSING"
[[ $(cancel "$late") == 200 ]] && pass "cancel while PROCESSING answers 200" || fail "cancel refused"
wait_for_sql "SELECT status || '/' || payment_status FROM orders.orders WHERE order_number = '$late'" CANCELLED/REFUNDED 30 \
  && pass "the late payment was refunded" || fail "late payment: $(sql "SELECT status || '/' || payment_status FROM orders.orders WHERE order_number = '$late'")"
[[ $(refund_of "$late" requested_by) == system ]] && pass "the system asked for it" || fail "requested_by"
finish_checks
