"""Every alert in packaging/monitoring/shop-alerts.yml has a summary, a
description and a runbook_url whose anchor is a heading of docs/operations.md
(GitHub's anchor: the heading text in lower case), so the link an on-call
engineer follows leads to the alert's section."""
import pathlib
import re
import sys

import yaml

repo = pathlib.Path(__file__).resolve().parents[2]
rules = yaml.safe_load((repo / "packaging/monitoring/shop-alerts.yml").read_text())
runbook = (repo / "docs/operations.md").read_text()


def anchor(heading):
    # GitHub: lower case, punctuation other than '-' dropped, spaces to '-'.
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


anchors = {anchor(m.group(1)) for m in re.finditer(r"^#+ (.+)$", runbook, re.MULTILINE)}
failures = []
alerts = [rule for group in rules["groups"] for rule in group["rules"] if "alert" in rule]
if not alerts:
    failures.append("no alerts in shop-alerts.yml")
for rule in alerts:
    name = rule["alert"]
    annotations = rule.get("annotations", {})
    for key in ("summary", "description", "runbook_url"):
        if not annotations.get(key, "").strip():
            failures.append(f"{name}: no {key}")
    url = annotations.get("runbook_url", "")
    if not url.startswith("https://shop.example/docs/operations.md#"):
        failures.append(f"{name}: runbook_url {url!r} does not point into docs/operations.md")
        continue
    target = url.split("#", 1)[1]
    if target not in anchors:
        failures.append(f"{name}: docs/operations.md has no heading for #{target}")

for failure in failures:
    print("FAIL:", failure)
print(f"{len(alerts)} alerts checked, {len(failures)} failures")
sys.exit(1 if failures else 0)
