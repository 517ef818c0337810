#!/usr/bin/env bash
# A cart line whose answer is lost behind HAProxy must not end up in the
# order twice. What scale_out.sh saw after SIGKILLing a serve, made
# deterministic: a relay in front of `shop serve` (lose_reply.py) lets one
# cart-line POST through, the serve adds the line, and the relay drops the
# answer and closes, as a serve killed between its commit and its reply.
# HAProxy then closes the shopper's keep-alive connection without an answer
# (it does so for any request that is not the first on its client
# connection, so that the client may resend it) and logs nothing for it; Qt,
# as browsers and curl, silently resends a request whose reused connection
# closed before any answer, POST included. The shopper
# (checkout_load.cpp) must notice from the cart it gets back that its line
# went in twice and start again in a new cart. Run for `http-reuse never`
# and `safe`: the server-side reuse does not matter.
# Needs PostgreSQL and Kafka (read only: a namespace of its own) and haproxy.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pipeline.sh"
LOAD=${SHOP_E2E_CHECKOUT_LOAD:?SHOP_E2E_CHECKOUT_LOAD must point at build/bin/e2e_checkout_load}
command -v haproxy >/dev/null || { fail "haproxy is not installed (packaging/local/deps)"; exit 1; }
command -v python3 >/dev/null || { fail "python3 is not installed (packaging/local/deps)"; exit 1; }

work=$pipeline_logs # removed with the logs
relay_pid=
haproxy_pid=
stop_balancer() {
  [[ -n $haproxy_pid ]] && kill "$haproxy_pid" 2>/dev/null && wait "$haproxy_pid" 2>/dev/null
  [[ -n $relay_pid ]] && kill "$relay_pid" 2>/dev/null && wait "$relay_pid" 2>/dev/null
  haproxy_pid= relay_pid=
}
trap 'stop_balancer; stop_pipeline' EXIT

start_serve

read -r relay_port lb_port <<<"$(free_ports 2)"
lb=http://127.0.0.1:$lb_port

for reuse in never safe; do
  run=lost-$reuse-$RANDOM$RANDOM
  # The shopper's second cart line (index 1, first attempt): by then its
  # keep-alive connection to HAProxy has carried two requests.
  marker="/carts/$run-1-cart1/items"
  new_product 5.00 100 >"$work/products"
  [[ $(cat "$work/products") =~ ^[0-9a-f-]{36}$ ]] || { fail "product: $(cat "$work/products")"; exit 1; }
  : >"$work/relay-$reuse.log"
  python3 "$(dirname "$0")/lose_reply.py" "$relay_port" "$serve_port" "$marker" "$work/relay-$reuse.log" &
  relay_pid=$!
  for _ in $(seq 50); do grep -q listening "$work/relay-$reuse.log" && break; sleep 0.1; done
  cat >"$work/haproxy-$reuse.cfg" <<EOF
global
    maxconn 64
    log stdout format raw local0
defaults
    mode http
    log global
    option httplog
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    retries 0
    http-reuse $reuse
frontend shop
    bind 127.0.0.1:$lb_port
    default_backend serve
backend serve
    server serve1 127.0.0.1:$relay_port
EOF
  haproxy -db -f "$work/haproxy-$reuse.cfg" >"$work/haproxy-$reuse.log" 2>&1 &
  haproxy_pid=$!
  wait_for_status "$lb/actuator/health/liveness" 200 30 || { fail "HAProxy does not answer: $(cat "$work/haproxy-$reuse.log")"; exit 1; }

  # One shopper, so its requests share one keep-alive connection.
  "$LOAD" "$lb" "$work/products" 1 3 "$run" >"$work/results-$reuse" 2>"$work/load-$reuse.err"
  load_exit=$?
  stop_balancer
  cat "$work/load-$reuse.err"
  grep -q "dropped the reply" "$work/relay-$reuse.log" \
    && pass "reuse $reuse: the reply to the second cart line was lost" || fail "reuse $reuse: the relay lost no reply"
  [[ $load_exit == 0 && $(grep -c '^ok ' "$work/results-$reuse") == 3 ]] \
    && pass "reuse $reuse: all 3 checkouts answered 201" || fail "reuse $reuse: exit $load_exit, $(cat "$work/results-$reuse")"
  # The scenario itself: the lost line reached the serve twice (the second
  # time resent by Qt, unasked), and HAProxy logged only the second.
  received=$(grep -c "passed on" "$work/relay-$reuse.log")
  logged=$(grep -c -F "$run-1-cart1/" "$work/haproxy-$reuse.log")
  [[ $received == 2 ]] && pass "reuse $reuse: the line of the lost reply reached the serve twice (HAProxy logged it $logged time(s))" \
    || fail "reuse $reuse: the line of the lost reply reached the serve $received time(s), not 2: the resend this test is about did not happen"
  # Checkout reserves each cart line's stock for its order (orders.orders
  # is the daemon's, not needed here): the reservations of this run's
  # product must be exactly the lines the shopper sent.
  # Compared as sorted lists: the shopper's quantities are 1, 2 and 3.
  wanted=$(awk '$1 == "ok" { print $6 }' "$work/results-$reuse" | sort -n | paste -sd,)
  got=$(sql "SELECT string_agg(quantity::text, ',' ORDER BY quantity) FROM catalog.stock_reservations
              WHERE product_id = '$(cat "$work/products")'")
  [[ $got == "$wanted" ]] && pass "reuse $reuse: each order holds what its shopper put in the cart ($got)" \
    || fail "reuse $reuse: the orders hold $got of the product, the shopper put $wanted in their carts"
done
finish_checks
