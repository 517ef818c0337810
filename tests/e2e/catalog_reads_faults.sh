#!/usr/bin/env bash
# serve's product reads (answered on the HTTP I/O threads with non-blocking
# PostgreSQL sessions, db/pgpool.h) through a PostgreSQL restart with reads
# in flight: while it is down they get 503 Problem Details with
# Retry-After, never a hang, a 500 or a crash; once it is back they
# succeed again without restarting serve. A fault test: it stops the test
# infrastructure's PostgreSQL (tests/run's own), so never run it against
# infrastructure others use.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pipeline.sh"

infra=$REPO/packaging/local/infra
trap 'stop_pipeline; "$infra" start postgres >/dev/null 2>&1' EXIT

start_serve
product=$(new_product 9.99 5)
[[ -n $product && $product != null ]] || { fail "cannot create a product"; exit 1; }
paths=("$api/products/$product" "$api/products?page=0&size=20")
for path in "${paths[@]}"; do
  [[ $(http_status "$path") == 200 ]] && pass "200 before the restart: ${path#$api}" || fail "no 200 for $path"
done

# Readers that keep reads in flight all along, each recording its statuses
# (000: no answer within 15 s).
codes=$pipeline_logs/codes
stop_readers=$pipeline_logs/stop
reader() { # index
  local path=${paths[$(($1 % 2))]}
  while [[ ! -e $stop_readers ]]; do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 15 "$path" >>"$codes.$1"
  done
}
readers=()
for i in 1 2 3 4; do
  reader "$i" &
  readers+=($!)
done
sleep 1

"$infra" stop postgres >/dev/null
sleep 1
answer=$(curl -s -D - --max-time 15 "${paths[0]}")
contains "$answer" "HTTP/1.1 503" "a product read while PostgreSQL is down gets 503"
contains "$answer" "Retry-After: 1" "with Retry-After"
contains "$answer" "application/problem+json" "as Problem Details"
page=$(curl -s -o /dev/null -w '%{http_code}' --max-time 15 "${paths[1]}")
[[ $page == 503 ]] && pass "a page read while PostgreSQL is down gets 503" || fail "page read got $page"
sleep 1
"$infra" start postgres >/dev/null

for path in "${paths[@]}"; do
  wait_for_status "$path" 200 30 && pass "200 again after the restart: ${path#$api}" || fail "no 200 after the restart for $path"
done
touch "$stop_readers"
wait "${readers[@]}"

all=$(cat "$codes".* | sort | uniq -c | tr '\n' ' ')
echo "statuses seen by the readers: $all"
grep -qx 503 "$codes".* && pass "readers saw 503s during the restart" || fail "readers saw no 503: $all"
grep -vqx -e 200 -e 503 "$codes".* && fail "readers saw other statuses than 200 and 503: $all" || pass "only 200 and 503"
for i in 1 2 3 4; do
  [[ $(tail -1 "$codes.$i") == 200 ]] && pass "reader $i ends with 200" || fail "reader $i ended with $(tail -1 "$codes.$i")"
done
kill -0 "${pipeline_pids[serve]}" 2>/dev/null && pass "serve still runs" || fail "serve died"
grep -q '"async read connection reopened"' "$pipeline_logs/serve.log" && pass "serve logged the reconnect" \
  || fail "no reconnect in the log"
# libpq's notices ("terminating connection due to administrator command") go to the log as JSON too.
grep -v '^{"ts":' "$pipeline_logs/serve.log" | grep . && fail "serve wrote non-JSON lines" || pass "every serve log line is JSON"
finish_checks
