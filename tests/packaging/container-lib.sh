# Helpers for the image and Kubernetes tests: podman with the project's
# containers.conf (installed through packaging/local/deps when missing), the
# server image built once per test, containers labelled per run and removed
# at the end. Source after tests/e2e/lib.sh. CTest counts exit 77 as skipped.
source "$REPO/packaging/container/podman-env"

ensure_podman || { echo "SKIPPED: podman is missing and packaging/local/deps cannot install it"; exit 77; }

export SHOP_CONTAINER_LABEL=shop-packaging-test=$$-$RANDOM
container_databases=()

remove_test_containers() {
  podman ps --all --quiet --filter "label=$SHOP_CONTAINER_LABEL" | xargs --no-run-if-empty podman rm --force --time 5 >/dev/null
  local url
  for url in "${container_databases[@]}"; do drop_database "$url"; done
}

# build_image: builds the server image (the .deb from build-server/, the
# debootstrap base from .local/container/) and sets SHOP_IMAGE.
build_image() {
  local started
  started=$(now_ms)
  SHOP_IMAGE=$("$REPO/packaging/container/build" 2> >(grep -v '^debconf:' >&2)) \
    || { fail "packaging/container/build"; exit 1; }
  export SHOP_IMAGE
  pass "built $SHOP_IMAGE in $(($(now_ms) - started)) ms"
}

# new_database: a scratch database, dropped at the end, in $database_url.
new_database() {
  database_url=$(scratch_database) || { fail "cannot create a scratch database"; exit 1; }
  container_databases+=("$database_url")
}

# Filters podman's complaint that it cannot set up healthcheck timers without
# systemd (tests run the healthcheck themselves with `podman healthcheck run`).
quiet_podman() { grep -v 'unable to get systemd connection' || true; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# wait_ready WHAT URL SECONDS SINCE_MS: waits for the readiness URL; says how
# long it took since SINCE_MS.
wait_ready() {
  if wait_for_status "$2" 200 "$3"; then
    pass "$1 ready $(($(now_ms) - $4)) ms after the start"
  else
    fail "$1 not ready within $3 s"
    return 1
  fi
}
