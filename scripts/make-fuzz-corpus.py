#!/usr/bin/env python3
"""Seeds the protocol fuzz corpora from the Kafka-written goldens.

protocol/fuzz/corpus/request/: request frames (header + body) for every API version, as
the server receives them after the size prefix.
protocol/fuzz/corpus/message/: every message type and version, prefixed with the
registry index (2 bytes) and the version offset (1 byte) that message_fuzz.cc expects.
One sample per message version (the first random one) keeps the corpora small.
"""
import json
import os
import struct
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "protocol", "generator"))
from schema import load_dir  # noqa: E402

msgs = load_dir(os.path.join(root, "protocol", "schema"))
golden = os.path.join(root, "protocol", "testdata", "golden")
out_req = os.path.join(root, "protocol", "fuzz", "corpus", "request")
out_msg = os.path.join(root, "protocol", "fuzz", "corpus", "message")
for d in (out_req, out_msg):
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))

count = 0
for index, m in enumerate(msgs):
    path = os.path.join(golden, m.folder, m.cpp_name + ".jsonl")
    seen = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            sample = json.loads(line)
            v = sample["version"]
            if v in seen or sample.get("sample", 1) == 0:
                continue
            seen.add(v)
            body = bytes.fromhex(sample["hex"])
            name = "%s-v%d" % (m.cpp_name, v)
            with open(os.path.join(out_msg, name), "wb") as out:
                out.write(struct.pack(">HB", index, v - m.versions.lo) + body)
            if m.kind == "request":
                flexible = not m.flexible.empty() and v >= m.flexible.lo
                header = struct.pack(">hhih", m.api_key, v, 1000 + v, 5) + b"samsa"
                if flexible:
                    header += b"\x00"
                with open(os.path.join(out_req, name), "wb") as out:
                    out.write(header + body)
            count += 1
print("wrote %d corpus files" % count)
