#!/usr/bin/env bash
# shop catalog import / export as an operator runs them: a dry run writes
# nothing, a file with a rejected row says which line and field on stderr,
# exits 2 and writes nothing, and an export imports back as "unchanged".
source "$(dirname "$0")/lib.sh"

unset SHOP_DATABASE_URL SHOP_CONFIG
expect_exit 0 "catalog --help" -- "$SHOP" catalog --help
expect_exit 2 "catalog without an action" -- "$SHOP" catalog --database-url "$SHOP_TEST_DATABASE_URL"
expect_exit 2 "catalog frobnicate" -- "$SHOP" catalog frobnicate --database-url "$SHOP_TEST_DATABASE_URL"

db=$(scratch_database) || { fail "cannot create a scratch database"; finish_checks; exit; }
work=$(mktemp -d)
trap 'rm -rf "$work"; drop_database "$db"' EXIT
"$SHOP" migrate --database-url "$db" >/dev/null 2>&1 && "$SHOP" seed-demo --database-url "$db" >/dev/null 2>&1 \
  || fail "cannot prepare the database"
count() { psql -X -At "$db" -c "SELECT count(*) FROM catalog.products ${1:-}"; }
stored() { psql -X -At "$db" -c "SELECT name || '|' || price_cents || '|' || inventory_quantity FROM catalog.products WHERE sku = '$1'"; }
products=$(count)

expect_exit 0 "export to stdout" -- "$SHOP" catalog export --database-url "$db"
[[ $(head -n1 <<<"$last_stdout") == $'sku,name,description,price,stock,category,active\r' ]] \
  && pass "the header comes first" || fail "header: $(head -n1 <<<"$last_stdout")"
[[ $(grep -c $'\r$' <<<"$last_stdout") -ge $((products + 1)) ]] && pass "a line per product" || fail "lines: $last_stdout"
expect_exit 0 "export --output" -- "$SHOP" catalog export --output "$work/all.csv" --database-url "$db"
contains "$last_stdout" "exported $products products" "says how many"
expect_exit 0 "re-import of the export, dry run" -- "$SHOP" catalog import "$work/all.csv" --dry-run --database-url "$db"
contains "$last_stdout" "0 to create, 0 to update, $products unchanged, 0 rejected" "all unchanged"

category=$(psql -X -At "$db" -c "SELECT name FROM catalog.categories ORDER BY name LIMIT 1")
expect_exit 0 "export one category" -- "$SHOP" catalog export --category "$category" --active yes --database-url "$db"
in_category=$(count "p JOIN catalog.categories c ON c.id = p.category_id WHERE c.name = '$category' AND p.is_active")
[[ $(($(wc -l <<<"$last_stdout") - 1)) == "$in_category" ]] && pass "only that category" || fail "export: $last_stdout"
expect_exit 2 "export of an unknown category" -- "$SHOP" catalog export --category "No such" --database-url "$db"
[[ $(wc -l <<<"$last_stderr") == 1 ]] && contains "$last_stderr" "--category" "one line naming --category"
expect_exit 2 "export with a bad --active" -- "$SHOP" catalog export --active maybe --database-url "$db"

printf 'sku,name,description,price,stock,category,active\nNEW-1,New thing,,4.50,3,%s,true\n' "$category" >"$work/new.csv"
expect_exit 0 "dry run of a new product" -- "$SHOP" catalog import "$work/new.csv" --dry-run --database-url "$db"
contains "$last_stdout" "1 to create" "says it would create it"
contains "$last_stdout" "nothing was written" "says nothing was written"
[[ $(count "WHERE sku = 'NEW-1'") == 0 ]] && pass "the dry run wrote nothing" || fail "the dry run wrote"
expect_exit 0 "import" -- "$SHOP" catalog import "$work/new.csv" --database-url "$db"
contains "$last_stdout" "imported: 1 created, 0 updated, 0 unchanged" "summary"
[[ $(stored NEW-1) == "New thing|450|3" ]] && pass "the product is stored" || fail "stored: $(stored NEW-1)"

printf 'sku,name,description,price,stock,category,active\nNEW-1,Renamed,,5.00,3,%s,true\nbad sku,X,,0,1,Nowhere,true\n' \
  "$category" >"$work/bad.csv"
expect_exit 2 "a rejected row refuses the file" -- "$SHOP" catalog import "$work/bad.csv" --database-url "$db"
contains "$last_stderr" "line 3: sku: may contain only A-Z, 0-9 and '-'" "line, field and the API's message"
contains "$last_stderr" "line 3: price: must be at least 0.01" "every field at fault"
contains "$last_stderr" "line 3: category: no category with this name" "unknown category"
contains "$last_stderr" "1 row rejected; nothing was imported" "the last line says nothing was imported"
[[ $(stored NEW-1) == "New thing|450|3" ]] && pass "nothing written" || fail "stored: $(stored NEW-1)"

printf 'sku,name,colour\nA,b,c\n' >"$work/columns.csv"
expect_exit 2 "wrong columns" -- "$SHOP" catalog import "$work/columns.csv" --database-url "$db"
[[ $last_stderr == *"line 1: unknown column 'colour'"* && $(wc -l <<<"$last_stderr") == 1 ]] \
  && pass "one line naming the column" || fail "stderr: $last_stderr"
printf 'sku,name,description,price,stock,category,active\nA-1,"never closed,,1,1,x,true\n' >"$work/quote.csv"
expect_exit 2 "an unclosed quote" -- "$SHOP" catalog import "$work/quote.csv" --database-url "$db"
contains "$last_stderr" "line 2: a quoted field opened on line 2 is never closed" "names the line"
expect_exit 2 "a missing file" -- "$SHOP" catalog import "$work/none.csv" --database-url "$db"
[[ $(count) == $((products + 1)) ]] && pass "only the one good import changed the catalog" || fail "count: $(count)"

finish_checks
