# Helpers for scripts that run the whole order pipeline: a scratch database,
# a Kafka namespace of its own (so topics and consumer groups never meet
# another test's), `shop serve` and one or more `shop daemon`s, and the calls
# a web store makes. Source after lib.sh.

# Fast retries and a short breaker so failure scenarios finish in seconds.
export SHOP_JWT_SECRET=e2e-secret-that-is-long-enough-for-hs256
export SHOP_KAFKA_BOOTSTRAP_SERVERS=$SHOP_TEST_KAFKA_BOOTSTRAP
export SHOP_KAFKA_NAMESPACE=e2e-$RANDOM$RANDOM
export SHOP_PAYMENT_RETRY_BACKOFF_MS=${SHOP_PAYMENT_RETRY_BACKOFF_MS:-50}
export SHOP_PAYMENT_RETRY_MAX_BACKOFF_MS=${SHOP_PAYMENT_RETRY_MAX_BACKOFF_MS:-200}
export SHOP_LOG_LEVEL=${SHOP_LOG_LEVEL:-info}

pipeline_logs=$(mktemp -d)
declare -A pipeline_pids=()
# serve's port, the first daemon's, and two more for scripts that start
# other daemons beside it.
read -r serve_port daemon_port second_daemon_port third_daemon_port <<<"$(free_ports 4)"
serve_url=http://127.0.0.1:$serve_port
api=$serve_url/api/v1
daemon_url=http://127.0.0.1:$daemon_port

# start_pipeline: start_serve, then one daemon (on $daemon_port).
start_pipeline() {
  start_serve
  start_daemon daemon "$daemon_port"
}

# start_serve: database, migrations, a manager, serve, and the manager's token.
start_serve() {
  SHOP_DATABASE_URL=$(scratch_database) || { fail "cannot create a scratch database"; exit 1; }
  export SHOP_DATABASE_URL
  "$SHOP" migrate >/dev/null || { fail "migrate"; exit 1; }
  echo "manager-password" | "$SHOP" user add manager --role manager >/dev/null || { fail "user add"; exit 1; }
  start_process serve serve --http-port "$serve_port"
  wait_for_status "$serve_url/actuator/health/readiness" 200 60 || { fail "serve not ready: $(tail -5 "$pipeline_logs/serve.log")"; exit 1; }
  token=$(curl -s -X POST "$api/auth/login" -H 'Content-Type: application/json' \
            -d '{"username":"manager","password":"manager-password"}' | jq -r .accessToken)
  [[ -n $token && $token != null ]] || { fail "manager login"; exit 1; }
}

# start_process NAME ARGS...: shop ARGS in the background, logging to NAME.log.
start_process() {
  local name=$1
  shift
  "$SHOP" "$@" >>"$pipeline_logs/$name.log" 2>&1 &
  pipeline_pids[$name]=$!
}

# start_daemon NAME PORT [ENV=VALUE...]: a daemon, ready when it returns.
start_daemon() {
  local name=$1 port=$2
  shift 2
  env "$@" "$SHOP" daemon --http-port "$port" --no-migrate >>"$pipeline_logs/$name.log" 2>&1 &
  pipeline_pids[$name]=$!
  wait_for_status "http://127.0.0.1:$port/actuator/health/readiness" 200 60 \
    || { fail "$name not ready: $(tail -5 "$pipeline_logs/$name.log")"; exit 1; }
}

# stop_process NAME [SIGNAL]: TERM by default; waits for the exit.
stop_process() {
  local pid=${pipeline_pids[$1]:-}
  [[ -n $pid ]] || return 0
  kill "-${2:-TERM}" "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  unset "pipeline_pids[$1]"
}

stop_pipeline() {
  for name in "${!pipeline_pids[@]}"; do stop_process "$name"; done
  [[ -n ${SHOP_DATABASE_URL:-} ]] && drop_database "$SHOP_DATABASE_URL"
  if ((failures > 0)); then
    for log in "$pipeline_logs"/*.log; do echo "--- last lines of $log"; tail -20 "$log"; done
  fi
  rm -rf "$pipeline_logs"
}
trap stop_pipeline EXIT

sql() { psql -X -q -t -A "$SHOP_DATABASE_URL" -c "$1"; }

# new_product PRICE STOCK: prints the product id.
new_product() {
  local suffix=$RANDOM$RANDOM
  if [[ -z ${category_id:-} ]]; then
    category_id=$(curl -s -X POST "$api/categories" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
                    -d "{\"name\":\"Pipeline $suffix\"}" | jq -r .id)
  fi
  curl -s -X POST "$api/products" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"sku\":\"PIPE-$suffix\",\"name\":\"Pipeline product $suffix\",\"price\":$1,\"inventoryQuantity\":$2,\"categoryId\":\"$category_id\"}" \
    | jq -r .id
}

customer='{"name":"Ada Lovelace","email":"ada@example.com","phone":"+441234567890","shippingAddress":{"street":"1 Analytical St","city":"London","state":"Greater London","postalCode":"N1 1AA","country":"GB"}}'

# checkout PRODUCT_ID QUANTITY: a new cart, then checkout; prints the order number.
checkout() {
  local session=s-$RANDOM$RANDOM$RANDOM
  curl -s -o /dev/null -X POST "$api/carts/$session/items" -H 'Content-Type: application/json' \
    -d "{\"productId\":\"$1\",\"quantity\":$2}"
  curl -s -X POST "$api/checkout" -H 'Content-Type: application/json' -H "Idempotency-Key: key-$session" \
    -d "{\"sessionId\":\"$session\",\"customerInfo\":$customer}" | jq -r '.orderNumber // empty'
}

# many_checkouts N PRODUCT_ID: N checkouts, 8 at a time; prints the order numbers.
many_checkouts() {
  export -f checkout
  export api customer
  seq "$1" | xargs -P 8 -I{} bash -c "checkout $2 1"
}

order_status() { sql "SELECT status FROM orders.orders WHERE order_number = '$1'"; }

# wait_for_sql QUERY EXPECTED SECONDS: polls until the query prints EXPECTED.
wait_for_sql() {
  local deadline=$((SECONDS + $3)) got
  while ((SECONDS < deadline)); do
    got=$(sql "$1")
    [[ $got == "$2" ]] && return 0
    sleep 0.5
  done
  echo "last answer: $got (wanted $2)"
  return 1
}
