#!/usr/bin/env python3
"""What SQL a client really sends to PostgreSQL, for `customer-api --check-statements`.

  sqlcapture.py proxy LISTEN_PORT PG_HOST PG_PORT LOG
      A TCP proxy in front of PostgreSQL. Reads the client side of the wire
      protocol and appends one JSON line per statement *executed* to LOG:
      {"conn": n, "sql": text}, plus {"conn": n, "open": true} per connection.
      A connection that runs LISTEN is marked {"conn": n, "listen": true}.
  sqlcapture.py session LOG FROM_LINE
      The statements one session ran in LOG from line FROM_LINE on, one per
      line, normalised (below). Exit 3 when not exactly one session ran
      statements there (the caller retries): the outbox relay (it LISTENs)
      and statements naming the bench schema (pgbench's bookkeeping) are
      left out first.

Why a proxy rather than PostgreSQL's log_statement: it needs no superuser
and no access to the server's log, and it sees the same thing for the
server (Qt's QPSQL: simple protocol, PREPARE name AS ... then EXECUTE name
(literals)) and for pgbench -M prepared (extended protocol: Parse, Bind,
Execute). Both are mapped back to the prepared text with $n parameters.
Nothing is parsed on the way back from the server; TLS is refused (the
proxy answers 'N' to SSLRequest), so it only suits a local benchmark.
"""
import json
import re
import socket
import struct
import sys
import threading

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104


class Recorder:
    def __init__(self, path):
        self.out = open(path, 'a', buffering=1)
        self.lock = threading.Lock()
        self.next_conn = 0

    def new_conn(self):
        with self.lock:
            self.next_conn += 1
            conn = self.next_conn
        self.write({'conn': conn, 'open': True})
        return conn

    def write(self, record):
        with self.lock:
            self.out.write(json.dumps(record) + '\n')


PREPARE = re.compile(r'^\s*PREPARE\s+(\S+?)(\s*\([^)]*\))?\s+AS\s+(.*)$', re.I | re.S)
EXECUTE = re.compile(r'^\s*EXECUTE\s+([^\s(]+)', re.I)
LISTEN = re.compile(r'^\s*LISTEN\b', re.I)


def cstring(data, at):
    end = data.index(b'\0', at)
    return data[at:end].decode('utf-8', 'replace'), end + 1


class Session:
    """The client half of one connection: statements prepared and portals bound."""

    def __init__(self, recorder):
        self.recorder = recorder
        self.conn = recorder.new_conn()
        self.prepared = {}  # statement name -> SQL (PREPARE or Parse)
        self.portals = {}  # portal name -> statement name

    def emit(self, sql):
        if LISTEN.match(sql):
            self.recorder.write({'conn': self.conn, 'listen': True})
        self.recorder.write({'conn': self.conn, 'sql': sql})

    def message(self, kind, body):
        if kind == b'Q':
            sql, _ = cstring(body, 0)
            prepare = PREPARE.match(sql)
            execute = EXECUTE.match(sql)
            if prepare:
                self.prepared[prepare.group(1)] = prepare.group(3)
            elif execute and execute.group(1) in self.prepared:
                self.emit(self.prepared[execute.group(1)])
            else:
                self.emit(sql)
        elif kind == b'P':
            name, at = cstring(body, 0)
            sql, _ = cstring(body, at)
            self.prepared[name] = sql
        elif kind == b'B':
            portal, at = cstring(body, 0)
            statement, _ = cstring(body, at)
            self.portals[portal] = statement
        elif kind == b'E':
            portal, _ = cstring(body, 0)
            self.emit(self.prepared.get(self.portals.get(portal, ''), '?unknown portal'))


def read_exact(sock, n):
    data = b''
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def client_to_server(client, server, recorder):
    try:
        # Startup: untyped messages until the real StartupMessage went through.
        while True:
            head = read_exact(client, 8)
            length, code = struct.unpack('!ii', head)
            rest = read_exact(client, length - 8)
            if code in (SSL_REQUEST, GSSENC_REQUEST):
                client.sendall(b'N')
                continue
            server.sendall(head + rest)
            break
        session = Session(recorder)
        while True:
            kind = read_exact(client, 1)
            length = struct.unpack('!i', read_exact(client, 4))[0]
            body = read_exact(client, length - 4)
            session.message(kind, body)
            server.sendall(kind + struct.pack('!i', length) + body)
    except (EOFError, OSError):
        pass
    finally:
        for s in (client, server):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def server_to_client(server, client):
    try:
        while True:
            data = server.recv(65536)
            if not data:
                break
            client.sendall(data)
    except OSError:
        pass
    finally:
        try:
            client.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def proxy(port, host, pg_port, log):
    recorder = Recorder(log)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', port))
    listener.listen(64)
    while True:
        client, _ = listener.accept()
        server = socket.create_connection((host, pg_port))
        threading.Thread(target=client_to_server, args=(client, server, recorder), daemon=True).start()
        threading.Thread(target=server_to_client, args=(server, client), daemon=True).start()


def normalise(sql):
    """Whitespace, parameter numbers and a final ';' do not make a statement different."""
    sql = re.sub(r'--[^\n]*', ' ', sql)
    sql = re.sub(r'\s+', ' ', sql).strip().rstrip(';').strip()
    sql = re.sub(r'\$\d+', '$', sql)
    sql = re.sub(r'\(\s+', '(', sql)
    return re.sub(r'\s+\)', ')', sql)


# What QPSQL sends when it opens a connection, before any work of ours. Only
# left out while a connection has done nothing else, so a SET inside a
# request's transaction still counts.
CONNECTION_SETUP = re.compile(r"^(SET|SHOW|RESET)\b|^SELECT version\(\)$|^SELECT '\\+x'$", re.I)


def session(log, from_line):
    records = [json.loads(line) for line in open(log)]
    background = {r['conn'] for r in records if r.get('listen')}
    working = set()  # connections past their setup
    by_conn = {}
    for number, r in enumerate(records, start=1):
        if 'sql' not in r or r['conn'] in background:
            continue
        sql = normalise(r['sql'])
        if r['conn'] not in working:
            if CONNECTION_SETUP.search(sql):
                continue
            working.add(r['conn'])
        if number < from_line or not sql or re.search(r'\bbench\.', sql) or sql.upper().startswith('DEALLOCATE'):
            continue
        by_conn.setdefault(r['conn'], []).append(sql)
    if len(by_conn) != 1:
        for conn, statements in by_conn.items():
            print(f'session {conn}: ' + ' | '.join(s[:60] for s in statements), file=sys.stderr)
        print(f'{len(by_conn)} sessions ran statements, wanted 1', file=sys.stderr)
        return 3
    for sql in next(iter(by_conn.values())):
        print(sql)
    return 0


if __name__ == '__main__':
    if sys.argv[1:2] == ['proxy'] and len(sys.argv) == 6:
        proxy(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif sys.argv[1:2] == ['session'] and len(sys.argv) == 4:
        sys.exit(session(sys.argv[2], int(sys.argv[3])))
    else:
        sys.exit(__doc__)
