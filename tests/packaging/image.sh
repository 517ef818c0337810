#!/usr/bin/env bash
# The server image (packaging/container): built with podman on the
# debootstrap base, small (no compiler, -dev or Qt Widgets packages), run as
# a non-root user, its HEALTHCHECK answering from /actuator/health/liveness,
# stopping cleanly on SIGTERM, and README's quickstart passing against a
# `shop serve` and a `shop daemon` container with host networking.
export SHOP_BINARY=$(cd "$(dirname "$0")" && pwd)/shop-in-container
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/container-lib.sh"
trap remove_test_containers EXIT

# Bounds on what goes into the image: the debootstrap base is 77 MB, the
# package's libraries (Qt Core/Network/Sql with ICU, librdkafka, libpq) add
# about 95 MB.
max_image_mb=200
read -r serve_port daemon_port <<<"$(free_ports 2)"

build_image
size_mb=$(($(podman image inspect --format '{{.Size}}' "$SHOP_IMAGE") / 1000000))
((size_mb <= max_image_mb)) && pass "image is $size_mb MB (at most $max_image_mb)" \
  || fail "image is $size_mb MB, more than $max_image_mb"

packages=$(podman run --rm --no-healthcheck --entrypoint dpkg-query "$SHOP_IMAGE" -W -f '${Package}\n')
unwanted=$(grep -E -- '-dev$|^(gcc|g\+\+|cpp|clang)(-[0-9]+)?$|^libqt6(widgets|gui|printsupport)6$' <<<"$packages")
[[ -n $packages && -z $unwanted ]] && pass "no compiler, -dev or Qt Widgets packages in the image" \
  || fail "the image holds: ${unwanted:-no packages at all?}"

expect_exit 0 "the image runs shop as uid 10001" -- \
  podman run --rm --no-healthcheck --entrypoint id "$SHOP_IMAGE" -u
[[ $last_stdout == 10001 ]] || fail "id -u in the image answered '$last_stdout'"
[[ $(podman image inspect --format '{{json .Config.Healthcheck.Test}}' "$SHOP_IMAGE") == *shop-healthcheck* ]] \
  && pass "the image has a HEALTHCHECK" || fail "the image has no HEALTHCHECK"

# The two modes as the Containerfile's command, each finding its port the
# way the healthcheck must: serve from SHOP_HTTP_PORT, daemon from --http-port.
new_database
run_detached() { # NAME ARGS...
  local name=$1
  shift
  podman run --detach --name "$name" --label "$SHOP_CONTAINER_LABEL" --network host \
    --env SHOP_DATABASE_URL="$database_url" --env SHOP_KAFKA_BOOTSTRAP_SERVERS="$SHOP_TEST_KAFKA_BOOTSTRAP" \
    --env SHOP_KAFKA_NAMESPACE="pkg-$$" --env SHOP_JWT_SECRET=packaging-test-secret-that-is-long-enough \
    "$@" >/dev/null 2> >(quiet_podman >&2)
}
serve=shop-serve-$$
daemon=shop-daemon-$$
started=$(now_ms)
run_detached "$serve" --env SHOP_HTTP_PORT=$serve_port "$SHOP_IMAGE"
wait_ready "the serve container" "http://127.0.0.1:$serve_port/actuator/health/readiness" 90 "$started" \
  || echo "$(podman logs --tail 10 "$serve" 2>&1)"
started=$(now_ms)
run_detached "$daemon" "$SHOP_IMAGE" daemon --http-port $daemon_port --no-migrate
wait_ready "the daemon container" "http://127.0.0.1:$daemon_port/actuator/health/readiness" 90 "$started" \
  || echo "$(podman logs --tail 10 "$daemon" 2>&1)"
for name in "$serve" "$daemon"; do
  expect_exit 0 "the HEALTHCHECK of $name passes" -- podman healthcheck run "$name"
done

# SIGTERM (podman stop) lets shop finish and exit 0 well before the kill.
for name in "$serve" "$daemon"; do
  started=$(now_ms)
  podman stop --time 30 "$name" >/dev/null 2> >(quiet_podman >&2)
  stopped_ms=$(($(now_ms) - started))
  code=$(podman inspect --format '{{.State.ExitCode}}' "$name")
  [[ $code == 0 ]] && pass "$name stopped on SIGTERM in $stopped_ms ms, exit 0" \
    || fail "$name exited $code on SIGTERM after $stopped_ms ms: $(podman logs --tail 5 "$name" 2>&1)"
  podman rm "$name" >/dev/null
done
expect_exit 1 "the HEALTHCHECK fails when nothing answers" -- \
  podman run --rm --no-healthcheck --network host --env SHOP_HTTP_PORT=$serve_port \
  --entrypoint /usr/local/bin/shop-healthcheck "$SHOP_IMAGE"

# README's walkthrough with every shop command (migrate, user add, seed-demo,
# serve, daemon) run from the image.
if bash "$REPO/tests/e2e/quickstart.sh"; then
  pass "tests/e2e/quickstart.sh against the serve and daemon containers"
else
  fail "tests/e2e/quickstart.sh against the serve and daemon containers"
fi
finish_checks
