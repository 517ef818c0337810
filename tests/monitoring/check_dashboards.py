#!/usr/bin/env python3
"""Checks Grafana dashboards against what the running binaries expose.

Usage: check_dashboards.py SCRAPE_FILE... -- DASHBOARD.json...

Every SCRAPE_FILE is an /actuator/prometheus answer. Each dashboard must be
valid JSON in the shape the README describes (a ${datasource} Prometheus
variable, job and instance variables, every panel on that data source), and
every metric and label name its queries use must appear in some scrape.
Prints one line per problem and exits 1 if there is any.
"""

import json
import re
import sys

IDENTIFIER = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")
# Labels Prometheus itself puts on every series it scrapes.
TARGET_LABELS = {"job", "instance"}
# Words PromQL reserves (functions are recognised by the "(" that follows).
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool",
            "and", "or", "unless", "offset", "inf", "nan"}
GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)\)")
MATCHER = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*\"((?:[^\"\\]|\\.)*)\"")


def exposed_series(paths):
    """Maps each sample name in the scrapes to the label names it carries."""
    series = {}
    sample = re.compile(r"^([A-Za-z_:][A-Za-z0-9_:]*)(\{([^}]*)\})?\s")
    for path in paths:
        with open(path, encoding="utf-8") as scrape:
            for line in scrape:
                found = sample.match(line)
                if not found:
                    continue
                labels = {m.group(1) for m in MATCHER.finditer(found.group(3) or "")}
                series.setdefault(found.group(1), set()).update(labels)
    return series


class Query:
    """The metric names and label names one PromQL expression uses."""

    def __init__(self, expr):
        self.selectors = []          # (metric or None, [(label, op, value)])
        self.grouping_labels = set()
        self.metrics = set()
        # Grafana variables outside label values ([$__rate_interval]) stand for durations.
        text = "".join(part if part.startswith('"') else re.sub(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?", "1m", part)
                       for part in re.split(r"(\"(?:[^\"\\]|\\.)*\")", expr))
        for clause in GROUPING.finditer(text):
            self.grouping_labels.update(IDENTIFIER.findall(clause.group(2)))
        text = GROUPING.sub(" ", text)
        for block in re.finditer(r"([A-Za-z_:][A-Za-z0-9_:]*)?\s*\{([^}]*)\}", text):
            name = block.group(1)
            matchers = [(m.group(1), m.group(2), m.group(3)) for m in MATCHER.finditer(block.group(2))]
            if name and name not in KEYWORDS:
                self.metrics.add(name)
            self.selectors.append((name, matchers))
        text = re.sub(r"\{[^}]*\}", " ", text)
        text = re.sub(r"\[[^\]]*\]", " ", text)       # ranges and subqueries
        text = re.sub(r"\"(?:[^\"\\]|\\.)*\"", " ", text)
        text = re.sub(r"\b\d+(\.\d+)?([eE][+-]?\d+)?[smhdwy]?\b", " ", text)
        for word in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*(?=\s*(\()?)", text):
            name = word.group(0)
            if word.group(1) or name.lower() in KEYWORDS:
                continue
            self.metrics.add(name)


def panels_of(items):
    """Every panel, including those inside collapsed rows."""
    for panel in items:
        yield panel
        yield from panels_of(panel.get("panels", []))


def queries_of(dashboard):
    """Yields (where, expression, is_template) for every query in the dashboard."""
    for panel in panels_of(dashboard.get("panels", [])):
        for target in panel.get("targets", []):
            yield f"panel '{panel.get('title')}' {target.get('refId')}", target.get("expr", ""), False
    for variable in dashboard.get("templating", {}).get("list", []):
        if variable.get("type") == "query":
            query = variable.get("query")
            text = query.get("query", "") if isinstance(query, dict) else query
            yield f"variable '{variable.get('name')}'", text, True


def check_shape(name, dashboard, problems):
    variables = {v.get("name"): v for v in dashboard.get("templating", {}).get("list", [])}
    source = variables.get("datasource", {})
    if source.get("type") != "datasource" or source.get("query") != "prometheus":
        problems.append(f"{name}: no Prometheus 'datasource' variable")
    for wanted in ("job", "instance"):
        if variables.get(wanted, {}).get("type") != "query":
            problems.append(f"{name}: no '{wanted}' query variable")
    if not dashboard.get("uid") or not dashboard.get("title"):
        problems.append(f"{name}: no uid or title")
    for panel in panels_of(dashboard.get("panels", [])):
        if panel.get("type") == "row":
            continue
        if panel.get("datasource", {}).get("uid") != "${datasource}":
            problems.append(f"{name}: panel '{panel.get('title')}' is not on ${{datasource}}")
        if not panel.get("targets"):
            problems.append(f"{name}: panel '{panel.get('title')}' has no query")


def check_query(name, where, expr, is_template, series, problems):
    label_asked = None
    if is_template:
        # label_values(SELECTOR, LABEL): a Grafana call around a selector.
        call = re.fullmatch(r"\s*label_values\((.*),\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*", expr)
        if not call:
            problems.append(f"{name}: {where}: not label_values(selector, label): {expr}")
            return
        expr, label_asked = call.group(1), call.group(2)
    query = Query(expr)
    if not query.metrics:
        problems.append(f"{name}: {where}: names no metric: {expr}")
    missing = sorted(query.metrics - series.keys())
    for metric in missing:
        problems.append(f"{name}: {where}: metric {metric} is not exposed")
    if missing:
        return  # its labels cannot be checked either
    known = set(TARGET_LABELS)
    for metric in query.metrics:
        known |= series.get(metric, set())
    for metric, matchers in query.selectors:
        labels = TARGET_LABELS | series.get(metric, known)
        for label, _, _ in matchers:
            if label not in labels:
                problems.append(f"{name}: {where}: label {label} is not on {metric}")
        if not is_template:
            # The job and instance variables must narrow every panel.
            given = {label: (op, value) for label, op, value in matchers}
            if given.get("job") != ("=~", "$job") or given.get("instance") != ("=~", "$instance"):
                problems.append(f"{name}: {where}: {metric} is not filtered by job=~\"$job\", instance=~\"$instance\"")
    if not is_template:
        for metric in sorted(query.metrics - {metric for metric, _ in query.selectors}):
            problems.append(f"{name}: {where}: {metric} is not filtered by job=~\"$job\", instance=~\"$instance\"")
    for label in sorted(query.grouping_labels | ({label_asked} if label_asked else set())):
        if label not in known:
            problems.append(f"{name}: {where}: label {label} is on none of {sorted(query.metrics)}")


def main(argv):
    if "--" not in argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    split = argv.index("--")
    scrapes, dashboards = argv[:split], argv[split + 1:]
    series = exposed_series(scrapes)
    problems = []
    checked = 0
    for path in dashboards:
        try:
            with open(path, encoding="utf-8") as file:
                dashboard = json.load(file)
        except (OSError, ValueError) as error:
            problems.append(f"{path}: not valid JSON: {error}")
            continue
        check_shape(path, dashboard, problems)
        for where, expr, is_template in queries_of(dashboard):
            check_query(path, where, expr, is_template, series, problems)
            checked += 1
    for problem in problems:
        print(problem)
    print(f"{checked} queries in {len(dashboards)} dashboards, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
