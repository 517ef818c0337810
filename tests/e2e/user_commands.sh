#!/usr/bin/env bash
# `shop user list|add|passwd|deactivate|unlock` as an operator meets them:
# passwords come from standard input, never the arguments; bad input and
# unknown users stop with exit 2 and one line, changing nothing.
source "$(dirname "$0")/lib.sh"

unset SHOP_DATABASE_URL SHOP_JWT_SECRET SHOP_CONFIG
one_line() { [[ $(wc -l <<<"$last_stderr") == 1 ]] && pass "$1: one line" || fail "$1: more than one line: $last_stderr"; }
hash_of() { psql -X -At "$db" -c "SELECT password_hash || token_version FROM auth.users WHERE username = '$1'"; }

expect_exit 2 "unknown action, before any database" -- "$SHOP" user frobnicate --database-url postgresql://nobody@127.0.0.1:1/none
one_line "unknown action"
expect_exit 2 "passwd without a name" -- "$SHOP" user passwd --database-url postgresql://nobody@127.0.0.1:1/none
one_line "passwd without a name"
expect_exit 2 "list with a name" -- "$SHOP" user list bob --database-url postgresql://nobody@127.0.0.1:1/none

db=$(scratch_database) || { fail "cannot create a scratch database"; finish_checks; exit; }
expect_exit 0 "migrate" -- "$SHOP" migrate --database-url "$db"
printf 'manager123\n' | "$SHOP" user add mona --role manager --database-url "$db" >/dev/null 2>&1 && pass "add mona" || fail "add mona"
printf 'till-password\n' | "$SHOP" user add carl --role cashier --database-url "$db" >/dev/null 2>&1 && pass "add carl" || fail "add carl"

expect_exit 0 "user list" -- "$SHOP" user list --database-url "$db"
contains "$last_stdout" "USERNAME" "a header"
[[ $(grep -E '^carl +cashier +active' <<<"$last_stdout") ]] && pass "carl listed as an active cashier" || fail "list: $last_stdout"
[[ $(grep -E '^mona +manager +active' <<<"$last_stdout") ]] && pass "mona listed as an active manager" || fail "list: $last_stdout"

before=$(hash_of carl)
expect_exit 2 "passwd with a short password" -- bash -c "printf 'short\n' | '$SHOP' user passwd carl --database-url '$db'"
contains "$last_stderr" "at least 8 characters" "the rule is named"
one_line "short password"
[[ $(hash_of carl) == "$before" ]] && pass "nothing changed" || fail "the password changed"
expect_exit 2 "passwd of an unknown user" -- bash -c "printf 'long-enough\n' | '$SHOP' user passwd nobody --database-url '$db'"
contains "$last_stderr" "no user 'nobody'" "the user is named"
one_line "unknown user"
expect_exit 0 "passwd from stdin" -- bash -c "printf 'new-till-password\n' | '$SHOP' user passwd carl --database-url '$db'"
after=$(hash_of carl)
[[ $after != "$before" && ${after: -1} == 1 ]] && pass "new hash, token version 1" || fail "stored: $after"

expect_exit 2 "deactivate an unknown user" -- "$SHOP" user deactivate nobody --database-url "$db"
one_line "deactivate unknown"
expect_exit 0 "deactivate" -- "$SHOP" user deactivate carl --database-url "$db"
expect_exit 0 "user list again" -- "$SHOP" user list --database-url "$db"
[[ $(grep -E '^carl +cashier +deactivated' <<<"$last_stdout") ]] && pass "carl listed as deactivated" || fail "list: $last_stdout"
expect_exit 0 "unlock" -- "$SHOP" user unlock mona --database-url "$db"
expect_exit 2 "--role on passwd" -- bash -c "printf 'long-enough\n' | '$SHOP' user passwd mona --role manager --database-url '$db'"
drop_database "$db"

finish_checks
