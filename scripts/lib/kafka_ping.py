#!/usr/bin/env python3
"""Waits until a Kafka-protocol broker answers an ApiVersions request.

usage: kafka_ping.py HOST:PORT [TIMEOUT_SECONDS]

Sends ApiVersions v0 (request header v1) every 200 ms until a well-formed answer with error
code 0 arrives, or the timeout passes. Exit 0 when it answered, 1 otherwise. Only the standard
library: it runs before any client is installed.
"""
import socket
import struct
import sys
import time


def ping(host: str, port: int) -> bool:
    client_id = b"samsa-ping"
    # header v1: api_key, api_version, correlation_id, client_id (int16 length); empty body
    body = struct.pack(">hhih", 18, 0, 7, len(client_id)) + client_id
    with socket.create_connection((host, port), timeout=2) as s:
        s.settimeout(2)
        s.sendall(struct.pack(">i", len(body)) + body)
        head = recv_exactly(s, 4)
        (size,) = struct.unpack(">i", head)
        if size < 6 or size > 1 << 20:
            return False
        frame = recv_exactly(s, size)
        correlation_id, error_code = struct.unpack(">ih", frame[:6])
        return correlation_id == 7 and error_code == 0


def recv_exactly(s: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    host, _, port = sys.argv[1].rpartition(":")
    deadline = time.monotonic() + float(sys.argv[2] if len(sys.argv) == 3 else 0)
    while True:
        try:
            if ping(host or "localhost", int(port)):
                return 0
        except (OSError, ConnectionError, struct.error):
            pass
        if time.monotonic() >= deadline:
            return 1
        time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
