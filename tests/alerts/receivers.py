"""Local receivers for alert tests: an HTTP server answering like a robot webhook, and a minimal SMTP server.
Both record what they got."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Robot:
    """Records (path+query, JSON body); replies ``reply`` (a vendor's success shape by default)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.reply: dict[str, Any] = {"errcode": 0, "errmsg": "ok"}
        self.status = 200


@contextmanager
def robot() -> Iterator[tuple[Robot, str]]:
    state = Robot()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.received.append((self.path, body))
            data = json.dumps(state.reply).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def smtp_server() -> Iterator[tuple[list[str], int]]:
    """(messages received as text, port). Speaks just enough SMTP for ``smtplib``."""
    messages: list[str] = []

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            self.wfile.write(b"220 localhost ready\r\n")
            while line := self.rfile.readline():
                cmd = line.decode().strip().upper()
                if cmd.startswith(("EHLO", "HELO")):
                    self.wfile.write(b"250 localhost\r\n")
                elif cmd == "DATA":
                    self.wfile.write(b"354 go ahead\r\n")
                    data = []
                    while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                        data.append(chunk)
                    messages.append(b"".join(data).decode())
                    self.wfile.write(b"250 queued\r\n")
                elif cmd == "QUIT":
                    self.wfile.write(b"221 bye\r\n")
                    return
                else:
                    self.wfile.write(b"250 ok\r\n")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield messages, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
