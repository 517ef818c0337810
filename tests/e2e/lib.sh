# Helpers for the e2e scripts: assertions that say what failed, and the
# environment tests/run provides.
set -uo pipefail

: "${SHOP_TEST_DATABASE_URL:?run through tests/run (SHOP_TEST_DATABASE_URL is not set)}"
: "${SHOP_TEST_KAFKA_BOOTSTRAP:?run through tests/run (SHOP_TEST_KAFKA_BOOTSTRAP is not set)}"

SHOP=${SHOP_BINARY:?SHOP_BINARY must point at build/bin/shop}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
failures=0
checks=0

pass() { checks=$((checks + 1)); echo "ok: $*"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL: $*"; }

# expect_exit CODE DESCRIPTION -- COMMAND...: runs it, checks the exit code,
# keeps stderr in $last_stderr and stdout in $last_stdout.
expect_exit() {
  local want=$1 what=$2
  shift 3
  local err
  err=$(mktemp)
  last_stdout=$("$@" 2>"$err" </dev/null)
  local got=$?
  last_stderr=$(cat "$err")
  rm -f "$err"
  if [[ $got == "$want" ]]; then pass "$what (exit $got)"; else fail "$what: exit $got, wanted $want; stderr: $last_stderr"; fi
}

contains() { # contains HAYSTACK NEEDLE DESCRIPTION
  if [[ $1 == *"$2"* ]]; then pass "$3"; else fail "$3: '$2' not in: $1"; fi
}

http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$1"; }

# wait_for_status URL STATUS SECONDS: polls until the URL answers STATUS.
wait_for_status() {
  local deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    [[ $(http_status "$1") == "$2" ]] && return 0
    sleep 0.2
  done
  return 1
}

# free_ports N: N distinct TCP ports nothing listens on now, from 30000 up to
# the kernel's ephemeral range (an outgoing connection of this very test could
# otherwise take one before the server binds it), above the infrastructure's
# ports (packaging/local/infra), which a fault test frees while it restarts a
# service. Other work on the machine may run tests of its own, so a fixed
# port is not ours to take.
free_ports() {
  python3 -c 'import random, socket, sys
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
ports = []
while len(ports) < int(sys.argv[1]):
    port = random.randrange(30000, low)
    with socket.socket() as s:
        try:
            s.bind(("0.0.0.0", port))
        except OSError:
            continue
    if port not in ports:
        ports.append(port)
print(" ".join(map(str, ports)))' "$1"
}

# A throwaway database on the test server; prints its URL.
scratch_database() {
  local name=e2e_$RANDOM$RANDOM
  local admin=${SHOP_TEST_DATABASE_URL%/*}/postgres
  psql -X -q "$admin" -c "CREATE DATABASE $name" >/dev/null || return 1
  echo "${SHOP_TEST_DATABASE_URL%/*}/$name"
}

drop_database() {
  local admin=${SHOP_TEST_DATABASE_URL%/*}/postgres
  psql -X -q "$admin" -c "DROP DATABASE IF EXISTS ${1##*/} WITH (FORCE)" >/dev/null
}

finish_checks() {
  echo "$((checks - failures)) passed, $failures failed"
  ((failures == 0))
}
