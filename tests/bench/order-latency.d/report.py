"""The Markdown report of tests/bench/order-latency.

Usage: report.py STAGES_CSV ORDERS RATE WARMUP_STAGES_CSV CLIENT_SUMMARY LOAD_BEFORE LOAD_AFTER
                 CPU_BEFORE CPU_AFTER
STAGES_CSV rows: order number, then epoch seconds of: request sent, 201 read,
checkout transaction began, catalog relay claimed OrderCreated, daemon began
the order, PaymentCompleted written, orders relay claimed it, PAID.
"""
import math
import os
import sys

# (name, from column, to column) of the stages CSV
INTERVALS = [("checkout 201 to PAID", 2, 8), ("checkout request (sent to 201)", 1, 2),
             ("checkout began to relay claimed OrderCreated", 3, 4), ("relay claimed to daemon began the order", 4, 5),
             ("daemon began the order to PaymentCompleted written", 5, 6),
             ("PaymentCompleted written to relay claimed", 6, 7), ("relay claimed to PAID", 7, 8)]
SLICES = 4


def load(path):  # column 0 (the order number) becomes 0.0, so the numbers above hold
    return [[0.0] + [float(v) for v in line.strip().split(",")[1:]] for line in open(path) if line.strip()]


def pct(values, p):  # nearest rank
    values = sorted(values)
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]


def ms(seconds):
    return f"{seconds * 1000:,.0f}"


def cpu_seconds(before_path, after_path):
    """CPU seconds by what (serve, daemon, postgres, broker, machine) between two
    snapshots of "what pid ticks" lines, and the seconds between them."""
    def read(path):
        return {(w, p): float(t) for w, p, t in (line.split() for line in open(path) if line.strip())}
    before, after = read(before_path), read(after_path)
    window = after[("time", "0")] - before[("time", "0")]
    used = {}
    for (what, pid), ticks in after.items():
        if what != "time":
            used[what] = used.get(what, 0) + (ticks - before.get((what, pid), 0)) / os.sysconf("SC_CLK_TCK")
    return used, window


def main():
    stages, orders, rate, warmup, summary, load_before, load_after, cpu_before, cpu_after = sys.argv[1:10]
    rows, warm = load(stages), load(warmup)
    if not rows:
        sys.exit("no order was measured")
    client = dict(zip(summary.split()[0::2], summary.split()[1::2]))
    first_sent, last_sent = min(r[1] for r in rows), max(r[1] for r in rows)
    # Client and PostgreSQL clocks agree if each checkout transaction began
    # between the request and its 201 (timestamptz(3) rounds to the millisecond).
    agree = sum(1 for r in rows if r[1] - 0.0005 <= r[3] <= r[2] + 0.0005)
    sent_rate = (len(rows) - 1) / (last_sent - first_sent) if len(rows) > 1 else float("nan")
    print(f"{len(rows)} of {orders} orders measured; asked for {rate} checkouts/s, sent "
          f"{sent_rate:.1f}/s (the checkouts answered 201, first to last sent; {client['errors']} others not 201), "
          f"201s read at {len(rows) / (max(r[2] for r in rows) - first_sent):.1f}/s; the daemon paid them at "
          f"{len(rows) / (max(r[8] for r in rows) - first_sent):.1f}/s (first checkout to last PAID)")
    print(f"client: a request went out {client['lateP50']} ms after its time at the median, "
          f"{client['lateP99']} ms at p99, {client['lateMax']} ms at most; {client['connections']} connections")
    # PAID before the 201 was read: the answer, not the pipeline, was late
    # (serve or the client waited for a core), and such an order's figure is
    # short by at least that much.
    early = sum(1 for r in rows if r[8] < r[2])
    print(f"clock check: {agree} of {len(rows)} checkout transactions began between request and 201; "
          f"{early} orders were PAID before their 201 was read")
    print(f"load average (1, 5, 15 min): {load_before} before, {load_after} after")
    used, window = cpu_seconds(cpu_before, cpu_after)
    print(f"CPU seconds in the {window:.1f} s from the first checkout to the last PAID: machine "
          f"{used.get('machine', 0):.1f} of {window * os.cpu_count():.1f}; serve {used.get('serve', 0):.1f}, "
          f"daemon {used.get('daemon', 0):.1f}, PostgreSQL {used.get('postgres', 0):.1f}, "
          f"Kafka broker {used.get('broker', 0):.1f}, client {client['cpu']}, everything else "
          f"{used.get('machine', 0) - sum(used.get(k, 0) for k in ('serve', 'daemon', 'postgres', 'broker')) - float(client['cpu']):.1f}\n")
    print("| interval | min ms | p50 ms | p90 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|")
    for name, a, b in INTERVALS:
        values = [r[b] - r[a] for r in rows]
        print(f"| {name} | {ms(min(values))} | " + " | ".join(ms(pct(values, p)) for p in (50, 90, 99))
              + f" | {ms(max(values))} |")
    # A pipeline that keeps up has the same latency in every part of the run;
    # one that falls behind grows it from slice to slice.
    span = (last_sent - first_sent) / SLICES or 1
    parts = []
    for k in range(SLICES):
        part = [r[8] - r[2] for r in rows if min(int((r[1] - first_sent) / span), SLICES - 1) == k]
        if part:
            parts.append(f"{ms(pct(part, 50))} / {ms(pct(part, 99))}")
    print(f"\n201 to PAID p50 / p99 ms in each quarter of the run, by the time sent: {'; '.join(parts)}")
    print(f"\nWarm-up, not counted above: the first {len(warm)} orders after the daemon was ready (5/s) took "
          + ", ".join(ms(r[8] - r[2]) for r in warm[:5]) + " ... ms from 201 to PAID; the first one: "
          + "; ".join(f"{name} {ms(warm[0][b] - warm[0][a])}" for name, a, b in INTERVALS[2:]) + " ms")


if __name__ == "__main__":
    main()
