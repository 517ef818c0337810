"""Open-loop checkout client of tests/bench/order-latency.

Sends checkout i at start + i / rate whether or not earlier ones have been
answered (an open loop: a slow answer does not slow the offered rate down),
each on a kept-alive connection that has no request in flight. Connections
are opened as they are needed, up to --max-connections; when all of them are
busy the next checkout waits for the first one free, and how late it went
out is reported, so a client that could not keep the schedule says so.

The carts exist already (bench.fill_carts): a checkout is one request, with
the session id as Idempotency-Key. Each 201 is stamped with the wall clock
in the same callback that reads its last byte.

Writes "orderNumber,sent,answered" (epoch seconds) per 201 to --out and a
summary line "sent N answered201 N errors N lateP50 ms lateP99 ms lateMax ms
connections N cpu S" (S: its own CPU seconds) to stdout; exits 1 when
nothing was answered 201.
"""
import argparse
import asyncio
import json
import math
import sys
import time

CUSTOMER = {"name": "Bench Buyer", "email": "bench@example.com", "phone": "+15551234567",
            "shippingAddress": {"street": "1 Main St", "city": "Springfield", "state": "IL",
                                "postalCode": "62701", "country": "US"}}


class Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection; one request in flight at a time."""

    def __init__(self, client):
        self.client = client
        self.transport = None
        self.buffer = bytearray()
        self.request = None  # (index, sent) of the request in flight
        self.closed = False

    def connection_made(self, transport):
        self.transport = transport

    def send(self, index, wire):
        self.request = (index, time.time())
        self.transport.write(wire)

    def data_received(self, data):
        answered = time.time()
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
        length = 0
        keep_alive = True
        for line in head[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection":
                keep_alive = value.strip().lower() != "close"
        if len(self.buffer) < end + 4 + length:
            return
        status = int(head[0].split(" ", 2)[1])
        body = bytes(self.buffer[end + 4:end + 4 + length])
        del self.buffer[:end + 4 + length]
        if self.request is None:  # an answer to nothing we asked: this connection is out of step
            self.closed = True
            self.transport.close()
            return
        index, sent = self.request
        self.request = None
        if not keep_alive:
            self.closed = True
            self.transport.close()
        self.client.answered(self, index, sent, answered, status, body)

    def connection_lost(self, exc):
        self.closed = True
        if self.request is not None:
            index, sent = self.request
            self.request = None
            self.client.answered(self, index, sent, time.time(), 0, str(exc or "connection closed").encode())


class Client:
    def __init__(self, args):
        self.args = args
        self.idle = []        # free connections, the most recently freed last
        self.waiting = []     # futures of checkouts waiting for a free connection
        self.opened = 0
        self.peak = 0  # the most connections open at once
        self.outstanding = 0
        self.rows = []
        self.errors = {}
        self.first_errors = []
        self.lateness = []
        self.done = None

    def wire(self, index):
        session = f"{self.args.prefix}{index}"
        body = json.dumps({"sessionId": session, "customerInfo": CUSTOMER}).encode()
        return (f"POST /api/v1/checkout HTTP/1.1\r\nHost: {self.args.host}:{self.args.port}\r\n"
                f"Content-Type: application/json\r\nIdempotency-Key: {session}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode() + body

    async def connection(self):
        while self.idle:
            connection = self.idle.pop()
            if not connection.closed:
                return connection
            self.opened -= 1  # closed while idle (the server's idle timeout): its place is free
        if self.opened < self.args.max_connections:
            self.opened += 1
            self.peak = max(self.peak, self.opened)
            loop = asyncio.get_running_loop()
            _, connection = await loop.create_connection(lambda: Connection(self), self.args.host, self.args.port)
            return connection
        waiter = asyncio.get_running_loop().create_future()
        self.waiting.append(waiter)
        return await waiter

    def release(self, connection):
        if connection.closed:
            self.opened -= 1
            if self.waiting:  # its place may be taken by a new connection
                asyncio.ensure_future(self.reopen(self.waiting.pop(0)))
        elif self.waiting:
            self.waiting.pop(0).set_result(connection)
        else:
            self.idle.append(connection)

    async def reopen(self, waiter):
        self.opened += 1
        self.peak = max(self.peak, self.opened)
        loop = asyncio.get_running_loop()
        _, connection = await loop.create_connection(lambda: Connection(self), self.args.host, self.args.port)
        waiter.set_result(connection)

    def answered(self, connection, index, sent, answered, status, body):
        if status == 201:
            self.rows.append(f"{json.loads(body)['orderNumber']},{sent:.6f},{answered:.6f}\n")
        else:
            self.errors[status] = self.errors.get(status, 0) + 1
            if len(self.first_errors) < 3:
                self.first_errors.append(f"checkout {index}: HTTP {status}: {body[:200]!r}")
        self.outstanding -= 1
        self.release(connection)
        if self.outstanding == 0 and self.done is not None:
            self.done.set_result(None)

    async def run(self):
        wires = [self.wire(i) for i in range(self.args.count)]
        start = time.time() + 0.1
        for index, wire in enumerate(wires):
            due = start + index / self.args.rate
            delay = due - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            connection = await self.connection()
            self.outstanding += 1
            connection.send(index, wire)
            self.lateness.append(connection.request[1] - due)
        if self.outstanding:
            self.done = asyncio.get_running_loop().create_future()
            try:
                await asyncio.wait_for(self.done, self.args.timeout)
            except asyncio.TimeoutError:
                self.errors["no answer"] = self.outstanding


def percentile(values, p):  # nearest rank
    values = sorted(values)
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--prefix", required=True, help="session ids are PREFIX0 .. PREFIX<count-1>")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--rate", type=float, required=True, help="checkouts per second")
    parser.add_argument("--max-connections", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for the last answers")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    client = Client(args)
    asyncio.run(client.run())
    with open(args.out, "w") as out:
        out.writelines(client.rows)
    late = [v * 1000 for v in client.lateness]
    errors = sum(client.errors.values())
    print(f"sent {len(late)} answered201 {len(client.rows)} errors {errors} "
          f"lateP50 {percentile(late, 50):.1f} lateP99 {percentile(late, 99):.1f} lateMax {max(late):.1f} "
          f"connections {client.peak} cpu {time.process_time():.1f}")
    for line in client.first_errors:
        print(line, file=sys.stderr)
    if errors:
        print("errors by status (0: connection lost): "
              + ", ".join(f"{s}: {n}" for s, n in client.errors.items()), file=sys.stderr)
    return 0 if client.rows else 1


if __name__ == "__main__":
    sys.exit(main())
