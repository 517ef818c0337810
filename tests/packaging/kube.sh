#!/usr/bin/env bash
# The Kubernetes manifests (packaging/k8s) under `podman kube play`, through
# the test overlay kube_test_overlay.py (host network, test ports, the test
# infrastructure): the migration Job's pod migrates a fresh database and
# exits 0, the serve and daemon Deployments become ready, README's
# quickstart passes against them, they stop cleanly on SIGTERM, and
# `podman kube down` removes them.
export SHOP_BINARY=$(cd "$(dirname "$0")" && pwd)/shop-in-container
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/container-lib.sh"

read -r serve_port daemon_port <<<"$(free_ports 2)"
rendered=$(mktemp -d)
played=()
kube_down() {
  local file
  for file in "${played[@]}"; do podman kube down "$file" >/dev/null 2> >(quiet_podman >&2); done
  rm -rf "$rendered"
  remove_test_containers
}
trap kube_down EXIT

build_image
new_database
python3 "$REPO/tests/packaging/kube_test_overlay.py" --manifests "$REPO/packaging/k8s" --out "$rendered" \
  --image "$SHOP_IMAGE" --database-url "$database_url" --jwt-secret packaging-test-secret-that-is-long-enough \
  --kafka-bootstrap-servers "$SHOP_TEST_KAFKA_BOOTSTRAP" --kafka-namespace "pkg-kube-$$-$RANDOM" \
  --serve-port $serve_port --daemon-port $daemon_port \
  && pass "the test overlay renders packaging/k8s" || { fail "kube_test_overlay.py"; exit 1; }

# The migration Job first: its pod runs `shop migrate` to the end.
played+=("$rendered/migrate.yaml")
podman kube play "$rendered/migrate.yaml" >/dev/null || { fail "podman kube play migrate.yaml"; exit 1; }
code=$(timeout 120 podman wait shop-migrate-migrate)
migrate_log=$(podman logs shop-migrate-migrate 2>&1)
[[ $code == 0 && $migrate_log == *"migrations applied: "[1-9]* ]] && pass "the migration Job's pod migrated the database" \
  || { fail "the migration Job's pod exited '$code': $(tail -5 <<<"$migrate_log")"; exit 1; }

# What packaging/local/run adds and the quickstart expects: the demo manager and catalog.
export SHOP_DATABASE_URL=$database_url
printf 'manager123\n' | "$SHOP_BINARY" user add manager --role manager >/dev/null && "$SHOP_BINARY" seed-demo >/dev/null \
  || { fail "user add / seed-demo from the image"; exit 1; }
unset SHOP_DATABASE_URL

started=$(now_ms)
played+=("$rendered/apps.yaml")
podman kube play "$rendered/apps.yaml" >/dev/null 2> >(quiet_podman >&2) || { fail "podman kube play apps.yaml"; exit 1; }
wait_ready "the serve Deployment" "http://127.0.0.1:$serve_port/actuator/health/readiness" 90 "$started" \
  || { podman logs --tail 10 shop-serve-pod-0-serve; exit 1; }
wait_ready "the daemon Deployment" "http://127.0.0.1:$daemon_port/actuator/health/readiness" 90 "$started" \
  || { podman logs --tail 10 shop-daemon-pod-0-daemon; exit 1; }

# The pods run as the manifests say.
for container in shop-serve-pod-0-serve shop-daemon-pod-0-daemon; do
  settings=$(podman inspect --format '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.Memory}}' "$container")
  [[ $settings == "10001:10001 true 536870912" ]] && pass "$container: uid 10001, read-only root, 512 MiB limit" \
    || fail "$container runs with user, read-only root, memory limit: $settings"
done

if SHOP_QUICKSTART_SERVE_URL=http://127.0.0.1:$serve_port SHOP_QUICKSTART_ORDERS_URL=http://127.0.0.1:$daemon_port \
   bash "$REPO/tests/e2e/quickstart.sh"; then
  pass "tests/e2e/quickstart.sh against the Deployments"
else
  fail "tests/e2e/quickstart.sh against the Deployments"
fi

# SIGTERM, as Kubernetes sends it: both finish and exit 0.
started=$(now_ms)
podman pod stop shop-serve-pod-0 shop-daemon-pod-0 >/dev/null 2> >(quiet_podman >&2)
stopped_ms=$(($(now_ms) - started))
codes=$(podman inspect --format '{{.State.ExitCode}}' shop-serve-pod-0-serve shop-daemon-pod-0-daemon | tr '\n' ' ')
[[ $codes == "0 0 " ]] && pass "serve and daemon stopped on SIGTERM in $stopped_ms ms, exit 0" \
  || fail "serve and daemon exited '$codes' on SIGTERM"

for file in "$rendered/apps.yaml" "$rendered/migrate.yaml"; do
  podman kube down "$file" >/dev/null 2> >(quiet_podman >&2)
done
played=()
left=$(podman pod ps --quiet --filter name='^shop-(serve|daemon|migrate)')
[[ -z $left ]] && pass "podman kube down removed the pods" || fail "pods left after kube down: $left"
finish_checks
