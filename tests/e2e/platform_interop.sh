#!/usr/bin/env bash
# Drop-in compatibility with the Spring platform shop replaces, on the built
# binary with the real PostgreSQL and Kafka: both ports serve /actuator/info,
# /actuator/metrics and Swagger UI, and the daemon takes an OrderCreated as
# that platform's producer sends it (Spring Kafka's JsonSerializer: epoch
# timestamps, a __TypeId__ header and none of shop's own headers) through to
# PAID.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pipeline.sh"

: "${SHOP_E2E_PRODUCE:?SHOP_E2E_PRODUCE must point at the e2e_produce tool}"
# As start_pipeline, without the manager account start_serve makes.
SHOP_DATABASE_URL=$(scratch_database) || { fail "cannot create a scratch database"; exit 1; }
export SHOP_DATABASE_URL
"$SHOP" migrate >/dev/null || { fail "migrate"; exit 1; }
start_process serve serve --http-port "$serve_port"
wait_for_status "$serve_url/actuator/health/readiness" 200 60 || { fail "serve not ready: $(tail -5 "$pipeline_logs/serve.log")"; exit 1; }
start_daemon daemon "$daemon_port"

# Operations endpoints on both ports.
for side in "serve $serve_url" "daemon $daemon_url"; do
  read -r mode url <<<"$side"
  info=$(curl -s "$url/actuator/info")
  [[ $(jq -r .app.mode <<<"$info") == "$mode" && $(jq -r .build.version <<<"$info") == "$("$SHOP" --version | cut -d' ' -f2)" \
     && $(jq -r '.git.commit.id | length > 0' <<<"$info") == true && $(jq -r '.build.time | test("^20[0-9-]+T")' <<<"$info") == true ]] \
    && pass "$mode: /actuator/info names the build and the mode" || fail "$mode info: $info"
  names=$(curl -s "$url/actuator/metrics")
  [[ $(jq -r '.names | index("http_server_requests_seconds") != null' <<<"$names") == true ]] \
    && pass "$mode: /actuator/metrics lists the registry's names" || fail "$mode metrics: $names"
  metric=$(curl -s "$url/actuator/metrics/http_server_requests_seconds?tag=uri:/actuator/info")
  [[ $(jq -r '[.measurements[] | select(.statistic == "COUNT")][0].value >= 1' <<<"$metric") == true \
     && $(jq -r .baseUnit <<<"$metric") == seconds ]] \
    && pass "$mode: a metric in Actuator's shape, narrowed by a tag" || fail "$mode metric: $metric"
  [[ $(http_status "$url/actuator/metrics/no_such_metric") == 404 ]] \
    && pass "$mode: an unknown metric is 404" || fail "$mode: unknown metric"
  page=$(curl -s -D - "$url/swagger-ui.html")
  [[ $page == *"200"*"text/html"* && $page == *"/v3/api-docs"* ]] \
    && pass "$mode: /swagger-ui.html" || fail "$mode swagger page: ${page:0:300}"
done

# OrderCreated as the Spring platform's checkout publishes it.
order_id=$(cat /proc/sys/kernel/random/uuid)
order_number=ORD-$(date -u +%Y%m%d)-$((9000 + RANDOM % 999))
placed_at=$(($(date -u +%s) - 60))
payload=$(jq -nc --arg eventId "$(cat /proc/sys/kernel/random/uuid)" --arg orderId "$order_id" \
  --arg orderNumber "$order_number" --arg productId "$(cat /proc/sys/kernel/random/uuid)" \
  --arg cartId "$(cat /proc/sys/kernel/random/uuid)" --argjson customer "$customer" \
  --argjson timestamp "$placed_at.250000000" '
  {eventId: $eventId, eventType: "ORDER_CREATED", eventVersion: "1.0", timestamp: $timestamp,
   correlationId: "spring-correlation-1", orderId: $orderId, orderNumber: $orderNumber,
   customer: $customer,
   items: [{productId: $productId, productSku: "SPRING-1", productName: "From the other platform",
            quantity: 3, priceSnapshot: 4.5, subtotal: 13.5}],
   subtotal: 13.5, cartId: $cartId}')
printf '%s' "$payload" | "$SHOP_E2E_PRODUCE" "$SHOP_TEST_KAFKA_BOOTSTRAP" "$SHOP_KAFKA_NAMESPACE.orders.created" \
  "$order_id" "__TypeId__=com.ecommerce.shared.event.OrderCreatedEvent" \
  && pass "OrderCreated produced as the Spring platform does" || fail "cannot produce"
wait_for_sql "SELECT status || '/' || payment_status FROM orders.orders WHERE order_number = '$order_number'" "PAID/SUCCESS" 30 \
  && pass "the daemon takes it through to PAID" || fail "order from the other platform not PAID"
[[ $(sql "SELECT extract(epoch FROM created_at)::numeric(14,3) FROM orders.orders WHERE order_number = '$order_number'") == "$placed_at.250" ]] \
  && pass "the epoch timestamp became createdAt, to the millisecond" \
  || fail "createdAt: $(sql "SELECT created_at FROM orders.orders WHERE order_number = '$order_number'") for $placed_at.25"
[[ $(sql "SELECT subtotal_cents FROM orders.orders WHERE order_number = '$order_number'") == 1350 ]] \
  && pass "subtotal 13.50 (1350 cents)" || fail "subtotal: $(sql "SELECT subtotal_cents FROM orders.orders WHERE order_number = '$order_number'")"
[[ $(sql "SELECT count(*) FROM orders.orders") == 1 ]] && pass "nothing else was created" || fail "orders: $(sql "SELECT count(*) FROM orders.orders")"

finish_checks
