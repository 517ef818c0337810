#!/usr/bin/env bash
# The command line as an operator meets it: usage errors and bad settings
# stop with exit 2 and one clear line; migrate, user add and seed-demo do
# their work once and are safe to repeat.
source "$(dirname "$0")/lib.sh"

unset SHOP_DATABASE_URL SHOP_JWT_SECRET SHOP_CONFIG
expect_exit 2 "no mode prints usage" -- "$SHOP"
contains "$last_stderr" "Usage: shop MODE" "usage on stderr"
expect_exit 0 "--help" -- "$SHOP" --help
expect_exit 0 "--version" -- "$SHOP" --version
contains "$last_stdout" "shop " "version printed"
expect_exit 2 "unknown mode" -- "$SHOP" frobnicate
expect_exit 2 "unknown flag" -- "$SHOP" serve --frobnicate
for mode in serve daemon gui pos migrate user seed-demo dlt; do
  expect_exit 0 "$mode --help" -- "$SHOP" "$mode" --help
done
expect_exit 2 "missing database url" -- "$SHOP" serve
contains "$last_stderr" "database-url" "the missing setting is named"
[[ $(wc -l <<<"$last_stderr") == 1 ]] && pass "one line" || fail "more than one line: $last_stderr"
expect_exit 2 "invalid port" -- "$SHOP" serve --database-url "$SHOP_TEST_DATABASE_URL" --http-port eighty
contains "$last_stderr" "http-port" "the invalid setting is named"
expect_exit 2 "invalid variable" -- env SHOP_LOG_LEVEL=loud "$SHOP" migrate --database-url "$SHOP_TEST_DATABASE_URL"
contains "$last_stderr" "SHOP_LOG_LEVEL" "the variable is named"
expect_exit 2 "serve without JWT secret" -- "$SHOP" serve --database-url "$SHOP_TEST_DATABASE_URL"
contains "$last_stderr" "jwt-secret" "the secret is named"
expect_exit 2 "daemon with a short JWT secret" -- "$SHOP" daemon --database-url "$SHOP_TEST_DATABASE_URL" --jwt-secret short
config=$(mktemp)
echo "http-prot = 1" >"$config"
expect_exit 2 "unknown config key" -- "$SHOP" migrate --config "$config"
contains "$last_stderr" "http-prot" "the unknown key is named"
rm -f "$config"

db=$(scratch_database) || { fail "cannot create a scratch database"; finish_checks; exit; }
"$SHOP" migrate --database-url "$db" >/tmp/e2e-migrate-a.out 2>&1 &
first=$!
"$SHOP" migrate --database-url "$db" >/tmp/e2e-migrate-b.out 2>&1 &
second=$!
wait $first && wait $second && pass "two concurrent migrate runs both succeed" || fail "concurrent migrate: $(cat /tmp/e2e-migrate-*.out)"
expect_exit 0 "migrate again" -- "$SHOP" migrate --database-url "$db"
contains "$last_stdout" "migrations applied: 0" "nothing left to apply"

printf 'manager123\n' | "$SHOP" user add manager --role manager --database-url "$db" >/dev/null 2>&1 \
  && pass "user add" || fail "user add failed"
stored=$(psql -X -At "$db" -c "SELECT roles[1] || ' ' || password_iterations || ' ' || (password_hash <> 'manager123') FROM auth.users WHERE username = 'manager'")
contains "$stored" "MANAGER" "role stored"
[[ ${stored#* } =~ ^([0-9]+)\ true$ ]] && ((BASH_REMATCH[1] >= 100000)) && pass "PBKDF2 with >= 100000 iterations" || fail "stored: $stored"
expect_exit 2 "user add of an existing name" -- bash -c "printf 'other-password\n' | '$SHOP' user add manager --role manager --database-url '$db'"
contains "$last_stderr" "already exists" "says it exists"
expect_exit 2 "user add with an unknown role" -- bash -c "printf 'password123\n' | '$SHOP' user add clerk --role emperor --database-url '$db'"
expect_exit 2 "user add with a bogus role, before any database" -- "$SHOP" user add x --role bogus --database-url postgresql://nobody@127.0.0.1:1/none
[[ $last_stderr == "shop: --role must be manager, cashier or customer" ]] && pass "one line naming --role" || fail "stderr: $last_stderr"
printf 'till-password\n' | "$SHOP" user add clerk --role cashier --database-url "$db" >/dev/null 2>&1 \
  && pass "user add --role cashier" || fail "user add --role cashier failed"
stored=$(psql -X -At "$db" -c "SELECT array_to_string(roles, ',') FROM auth.users WHERE username = 'clerk'")
[[ $stored == CASHIER ]] && pass "cashier role stored" || fail "stored roles: $stored"
expect_exit 2 "user add with a short password" -- bash -c "printf 'short\n' | '$SHOP' user add shorty --role cashier --database-url '$db'"
expect_exit 0 "seed-demo" -- "$SHOP" seed-demo --database-url "$db"
expect_exit 0 "seed-demo again" -- "$SHOP" seed-demo --database-url "$db"
contains "$last_stdout" "0 categories and 0 products added" "second seed adds nothing"
expect_exit 2 "seed-demo with a bad product count" -- "$SHOP" seed-demo --products 12x --database-url "$db"
contains "$last_stderr" "--products" "the bad count is named"
expect_exit 2 "seed-demo with too many orders" -- "$SHOP" seed-demo --orders 10000001 --database-url "$db"
expect_exit 2 "seed-demo --force alone" -- "$SHOP" seed-demo --force --database-url "$db"
expect_exit 2 "seed-demo --products refuses a database with products" -- "$SHOP" seed-demo --products 50 --database-url "$db"
contains "$last_stderr" "--force" "the way out is named"
generated=$(psql -X -At "$db" -c "SELECT count(*) FROM catalog.products WHERE sku LIKE 'G%'")
[[ $generated == 0 ]] && pass "a refused run adds nothing" || fail "$generated products added"
expect_exit 0 "seed-demo --products --orders --force" -- "$SHOP" seed-demo --products 50 --orders 20 --force --database-url "$db"
contains "$last_stdout" "orders: 20 added" "orders reported"
orders=$(psql -X -At "$db" -c "SELECT count(*) FROM orders.orders o WHERE subtotal_cents = (SELECT sum(subtotal_cents) FROM orders.order_items i WHERE i.order_id = o.id)")
[[ $orders == 20 ]] && pass "generated orders add up" || fail "$orders orders add up"

psql -X -q "$db" -c "UPDATE catalog.schema_migrations SET checksum = repeat('0', 64) WHERE version = 1"
expect_exit 2 "migrate refuses a changed applied migration" -- "$SHOP" migrate --database-url "$db"
contains "$last_stderr" "catalog/V1__" "the changed file is named"
expect_exit 2 "serve refuses to start on a changed migration" -- "$SHOP" serve --dev --database-url "$db" --http-port "$(free_ports 1)"
drop_database "$db"

finish_checks
