#!/usr/bin/env bash
# README.md's API walkthrough, as a new user types it after
# packaging/local/run: log in as the demo manager, list the categories,
# create a category and a product, put two in a cart, check out with an
# Idempotency-Key (and replay it), then look the order up on the daemon's
# port until it is PAID, and once more with the order's e-mail.
# Every HTTP step is the README's curl command (only host and port differ);
# an unexpected status or body stops the script with a FAIL line that names
# the step and shows the response. Keep the two in step: a change here is a
# change to README.md.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pipeline.sh"

headers=$pipeline_logs/headers

if [[ -n ${SHOP_QUICKSTART_SERVE_URL:-} ]]; then
  # Against a serve and daemon someone else started in that state
  # (tests/packaging/kube.sh): SHOP_QUICKSTART_SERVE_URL and
  # SHOP_QUICKSTART_ORDERS_URL are their base URLs.
  serve_url=$SHOP_QUICKSTART_SERVE_URL
  orders_api=${SHOP_QUICKSTART_ORDERS_URL:?set with SHOP_QUICKSTART_SERVE_URL}/api/v1
else
  # Ports of our own (pipeline.sh's defaults are other scripts').
  serve_port=$((19000 + RANDOM % 200))
  daemon_port=$((serve_port + 200))
  serve_url=http://127.0.0.1:$serve_port
  orders_api=http://127.0.0.1:$daemon_port/api/v1

  # The state packaging/local/run leaves: migrated, demo manager, demo catalog.
  SHOP_DATABASE_URL=$(scratch_database) || { fail "cannot create a scratch database"; exit 1; }
  export SHOP_DATABASE_URL
  "$SHOP" migrate >/dev/null || { fail "migrate"; exit 1; }
  printf 'manager123\n' | "$SHOP" user add manager --role manager >/dev/null || { fail "user add manager"; exit 1; }
  "$SHOP" seed-demo >/dev/null || { fail "seed-demo"; exit 1; }
  start_process serve serve --http-port "$serve_port"
  wait_for_status "$serve_url/actuator/health/readiness" 200 60 || { fail "serve not ready: $(tail -5 "$pipeline_logs/serve.log")"; exit 1; }
  start_daemon daemon "$daemon_port"
fi
api=$serve_url/api/v1

# step NAME STATUS CURL-ARGS...: one request; its body lands in $body, its
# headers in $headers. Any other status ends the walkthrough.
step() {
  local name=$1 want=$2 out
  shift 2
  out=$(curl -s -D "$headers" -w '\n%{http_code}' --max-time 10 "$@")
  status=${out##*$'\n'}
  body=${out%$'\n'*}
  if [[ $status != "$want" ]]; then
    fail "$name: HTTP $status, wanted $want; body: $body"
    exit 1
  fi
  pass "$name: HTTP $status"
}

# expect NAME JQ-FILTER [jq args...]: the last body must satisfy the filter.
expect() {
  local name=$1 filter=$2
  shift 2
  if jq -e "$@" "$filter" <<<"$body" >/dev/null 2>&1; then
    pass "$name"
  else
    fail "$name: the body does not satisfy $filter; body: $body"
    exit 1
  fi
}

step "login as the manager" 200 -X POST "$api/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"manager","password":"manager123"}'
expect "login gives a bearer token" '.tokenType == "Bearer" and (.accessToken | length > 20) and .expiresIn > 0'
TOKEN=$(jq -r .accessToken <<<"$body")

step "list the categories" 200 "$api/categories"
expect "the demo catalog is there" '[.[].name] | contains(["Accessories", "Coffee", "Tea"])'

step "create a category" 201 -X POST "$api/categories" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"Mugs","description":"Stoneware"}'
expect "the category is Mugs" '.name == "Mugs" and .description == "Stoneware" and (.id | test("^[0-9a-f-]{36}$"))'
CATEGORY=$(jq -r .id <<<"$body")
grep -qi "^Location: .*/api/v1/categories/$CATEGORY" "$headers" && pass "Location names the new category" \
  || { fail "create a category: no Location header for $CATEGORY: $(cat "$headers")"; exit 1; }

step "create a product" 201 -X POST "$api/products" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"sku\":\"MUG-001\",\"name\":\"Stoneware mug\",\"price\":12.50,\"inventoryQuantity\":100,\"categoryId\":\"$CATEGORY\"}"
expect "the product is as sent" \
  '.sku == "MUG-001" and .price == 12.5 and .inventoryQuantity == 100 and .isActive and .categoryId == $c' --arg c "$CATEGORY"
PRODUCT=$(jq -r .id <<<"$body")

step "add two to a cart" 200 -X POST "$api/carts/my-session/items" -H 'Content-Type: application/json' \
  -d "{\"productId\":\"$PRODUCT\",\"quantity\":2}"
expect "the cart holds two mugs, 25.00" \
  '.sessionId == "my-session" and (.items | length) == 1 and .items[0].productId == $p and .items[0].quantity == 2
   and .items[0].priceSnapshot == 12.5 and .subtotal == 25' --arg p "$PRODUCT"

CHECKOUT='{"sessionId":"my-session","customerInfo":{"name":"Jane Doe","email":"jane@example.com","phone":"+15551234567",
  "shippingAddress":{"street":"1 Main St","city":"Springfield","state":"IL","postalCode":"62701","country":"US"}}}'
step "check out" 201 -X POST "$api/checkout" -H 'Content-Type: application/json' -H 'Idempotency-Key: order-1' \
  -d "$CHECKOUT"
expect "checkout answers an order number, PENDING" '.status == "PENDING" and (.orderNumber | test("^ORD-[0-9]{8}-[0-9]{3,}$"))'
ORDER=$(jq -r .orderNumber <<<"$body")
first_checkout=$body

step "check out again with the same Idempotency-Key" 201 -X POST "$api/checkout" -H 'Content-Type: application/json' \
  -H 'Idempotency-Key: order-1' -d "$CHECKOUT"
[[ $body == "$first_checkout" ]] && pass "the replay answers the first response" \
  || { fail "check out again: body differs from the first: $body (first: $first_checkout)"; exit 1; }

step "stock went down by two" 200 "$api/products/$PRODUCT"
expect "inventoryQuantity is 98" '.inventoryQuantity == 98'

# The daemon learns about the order from Kafka: 404 until it has seen it,
# then PENDING or PROCESSING, then PAID. Anything else is a failure at once.
deadline=$((SECONDS + 30))
while :; do
  out=$(curl -s -w '\n%{http_code}' --max-time 10 "$orders_api/orders/$ORDER")
  status=${out##*$'\n'}
  body=${out%$'\n'*}
  order_status=$(jq -r '.status' <<<"$body" 2>/dev/null)
  if [[ $status == 200 && $order_status == PAID ]]; then
    pass "look the order up on the daemon: PAID"
    break
  fi
  if ! [[ $status == 404 || ($status == 200 && $order_status =~ ^(PENDING|PROCESSING)$) ]]; then
    fail "look the order up on the daemon: HTTP $status; body: $body"
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    fail "look the order up on the daemon: not PAID within 30 s; last HTTP $status, body: $body"
    exit 1
  fi
  sleep 0.2
done
expect "without a token the lookup masks the e-mail and leaves the name out" \
  '.customerInfo == {"email": "j***@example.com"} and .subtotal == 25'
step "look the order up with its e-mail" 200 "$orders_api/orders/$ORDER" -H 'X-Order-Email: jane@example.com'
expect "the order shows the payment, the items and the total" \
  '.orderNumber == $o and .paymentStatus == "SUCCESS" and .subtotal == 25 and .completedAt != null
   and (.items | length) == 1 and .items[0].productSku == "MUG-001" and .items[0].quantity == 2
   and .customerInfo.email == "jane@example.com"' --arg o "$ORDER"
finish_checks
