#!/usr/bin/env bash
# promtool accepts the Prometheus configuration and the alerting rules, and
# the rules' unit tests (each alert firing and staying quiet) pass.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
monitoring=$here/../../packaging/monitoring
status=0
promtool check config "$monitoring/prometheus.yml" || status=1
promtool check rules "$monitoring/shop-alerts.yml" || status=1
promtool test rules "$here/shop-alerts.test.yml" || status=1
exit $status
