#!/usr/bin/env bash
# Dead letters as an operator meets them: `shop dlt` needs only Kafka, says
# clearly what it expects, lists what is in a DLT and replays one event by id.
source "$(dirname "$0")/lib.sh"
PUT=${SHOP_E2E_PUT_DEAD_LETTER:?SHOP_E2E_PUT_DEAD_LETTER must point at build/bin/e2e_put_dead_letter}

one_line() { [[ $(wc -l <<<"$1") == 1 ]] && pass "$2: one line" || fail "$2: more than one line: $1"; }
uuid() { cat /proc/sys/kernel/random/uuid; }

# A namespace of this run's own: its topics are new, so its DLT starts empty.
unset SHOP_DATABASE_URL SHOP_CONFIG
export SHOP_KAFKA_BOOTSTRAP_SERVERS=$SHOP_TEST_KAFKA_BOOTSTRAP
ns=e2e$RANDOM$RANDOM
export SHOP_KAFKA_NAMESPACE=$ns

expect_exit 0 "dlt --help" -- "$SHOP" dlt --help
contains "$last_stdout" "idempotent by eventId" "help says why a replay is safe"
expect_exit 2 "dlt without an action" -- "$SHOP" dlt
expect_exit 2 "unknown topic" -- "$SHOP" dlt list orders.shipped
contains "$last_stderr" "orders.created, payments.completed, orders.cancelled, refunds.requested, payments.refunded" "the valid topics are named"
one_line "$last_stderr" "unknown topic"
expect_exit 2 "--id that is not a UUID" -- "$SHOP" dlt replay orders.created --id 42
contains "$last_stderr" "UUID" "says what an id looks like"
one_line "$last_stderr" "bad --id"

expect_exit 0 "list of an empty DLT, without a database" -- "$SHOP" dlt list orders.created
contains "$last_stdout" "no dead letters in $ns.orders.created.DLT" "says the DLT is empty"
expect_exit 1 "unreachable broker" -- "$SHOP" dlt list orders.created --kafka-bootstrap-servers 127.0.0.1:1
contains "$last_stderr" "127.0.0.1:1" "names the broker"
one_line "$last_stderr" "unreachable broker"

event=$(uuid)
"$PUT" "$SHOP_TEST_KAFKA_BOOTSTRAP" "$ns" orders.created "$event" && pass "a message put into the DLT" \
  || fail "cannot put a message into $ns.orders.created.DLT"
expect_exit 0 "list" -- "$SHOP" dlt list orders.created
contains "$last_stdout" "$event  ORDER_CREATED  invalid: items: must not be empty" "the dead letter's id, type, reason and error"
contains "$last_stdout" "1 dead letter in $ns.orders.created.DLT" "the count"
other=$(uuid)
expect_exit 2 "replay of an id that is not there" -- "$SHOP" dlt replay orders.created --id "$other"
contains "$last_stderr" "no dead letter with eventId $other" "says which id is missing"
one_line "$last_stderr" "unknown id"
expect_exit 0 "replay --id" -- "$SHOP" dlt replay orders.created --id "$event"
contains "$last_stdout" "replayed $event ORDER_CREATED from $ns.orders.created.DLT" "reports what it replayed"
contains "$last_stdout" "to $ns.orders.created " "to the original topic"

finish_checks
