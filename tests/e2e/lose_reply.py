#!/usr/bin/env python3
"""A TCP relay between the load balancer and one `shop serve` that loses one
reply, as a serve killed between committing a request and sending its answer
would: the first request whose bytes contain MARKER reaches the serve and is
handled there, then the serve's answer is dropped and the connection closed.

Usage: lose_reply.py LISTEN_PORT SERVE_PORT MARKER LOG_FILE
Writes to LOG_FILE "listening" once it accepts, "passed on a request to
MARKER" each time one reaches the serve, and "dropped the reply to MARKER"
when it has done its one fault. Everything else passes through.
"""
import socket
import sys
import threading

listen_port, serve_port, marker, log_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode(), sys.argv[4]
lock = threading.Lock()
fault_armed = True  # one fault per run


def log(line):
    with lock, open(log_path, "a") as out:
        out.write(line + "\n")


class Link:
    def __init__(self, client, serve):
        self.client, self.serve = client, serve
        self.lose_next_reply = False
        self.closed = False

    def close(self):
        with lock:
            if self.closed:
                return
            self.closed = True
        for end in (self.client, self.serve):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

    def requests(self):
        global fault_armed
        tail = b""
        try:
            while data := self.client.recv(65536):
                # The marker may straddle two reads: look at the end of the last one too.
                if marker in tail + data:
                    log("passed on a request to " + marker.decode())
                    with lock:
                        if fault_armed:
                            fault_armed = False
                            self.lose_next_reply = True
                tail = data[-len(marker):]
                self.serve.sendall(data)
        except OSError:
            pass
        self.close()

    def replies(self):
        try:
            while data := self.serve.recv(65536):
                if self.lose_next_reply:
                    # The serve has handled the request; its answer never arrives.
                    log("dropped the reply to " + marker.decode())
                    break
                self.client.sendall(data)
        except OSError:
            pass
        self.close()


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen_port))
    listener.listen(64)
    log("listening")
    while True:
        client, _ = listener.accept()
        try:
            serve = socket.create_connection(("127.0.0.1", serve_port))
        except OSError:
            client.close()  # as a stopped serve: refused
            continue
        link = Link(client, serve)
        threading.Thread(target=link.requests, daemon=True).start()
        threading.Thread(target=link.replies, daemon=True).start()


main()
