"""Helpers shared by the python suite's scenarios."""
import os
import time
import uuid

BOOTSTRAP = os.environ.get("SAMSA_COMPAT_BOOTSTRAP", "localhost:9092")
CODECS = ("none", "gzip", "snappy", "lz4", "zstd")


def full(fn):
    """Marks a scenario as --full only (run.py reads the decorator's name)."""
    return fn


def fresh(prefix):
    """A topic or group name no earlier run used."""
    return f"py-{prefix}-{uuid.uuid4().hex[:10]}"


def wait_until(what, predicate, timeout=30.0, interval=0.2):
    """Polls predicate() until it returns something truthy; returns that, else fails."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except Exception as e:  # noqa: BLE001 - retried until the deadline
            last = e
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


def payloads(n, size=100):
    """n distinct values, compressible, each `size` bytes or more."""
    return [(f"value-{i:06d}-" + "x" * size).encode() for i in range(n)]
