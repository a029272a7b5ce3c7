#!/usr/bin/env python3
"""Converts Apache Kafka's message spec JSON files into samsa's schema format.

Only facts are carried over: names, types, version ranges, nullability, tags,
defaults, map keys and entity types. Comments and "about" texts are dropped.
The output format is described in docs/formats/schema.md.

usage: convert.py OUT_DIR RELEASE JSON_FILE...
"""
import json
import os
import re
import sys

# Which output folder each spec kind goes to.
KIND_DIRS = {
    "request": "api",
    "response": "api",
    "header": "header",
    "data": "data",
    "metadata": "metadata",
    "coordinator-key": "coordinator",
    "coordinator-value": "coordinator",
}


# Facts Kafka keeps outside the message specs: the lowest version a broker advertises,
# where it differs from the lowest it parses. Kafka 4 advertises Produce from v0 because
# librdkafka needs it for compressed produce (KAFKA-18659), and refuses v0-2.
ADVERTISED_MIN = {"ProduceRequest": 0}


def strip_comments(text):
    """Removes // comments outside of strings (the specs are JSON with comments)."""
    out = []
    i, n = 0, len(text)
    in_str = False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\":
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def snake(name):
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.lower()


def norm_default(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text in ("True", "False"):
        return text.lower()
    return text


def quote(text):
    if text == "" or re.search(r'[\s"=]', text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def field_lines(fields, depth):
    lines = []
    for f in fields:
        versions = f.get("versions", f.get("taggedVersions"))
        parts = [f["name"], f["type"], versions]
        if "nullableVersions" in f:
            parts.append("nullable=" + f["nullableVersions"])
        if "tag" in f:
            parts.append("tag=%d" % int(f["tag"]))
        if "taggedVersions" in f:
            parts.append("tagged=" + f["taggedVersions"])
        if "flexibleVersions" in f:
            parts.append("flexible=" + f["flexibleVersions"])
        # A JSON null default (as opposed to the string "null") reads as no default at all
        # in Kafka's generator: the field then defaults to its type's empty value.
        if f.get("default") is not None:
            parts.append("default=" + quote(norm_default(f["default"])))
        if f.get("ignorable"):
            parts.append("ignorable")
        if f.get("mapKey"):
            parts.append("mapkey")
        if f.get("zeroCopy"):
            parts.append("zerocopy")
        if "entityType" in f:
            parts.append("entity=" + f["entityType"])
        lines.append("  " * depth + " ".join(parts))
        lines.extend(field_lines(f.get("fields", []), depth + 1))
    return lines


def convert(spec, release, source):
    head = [spec["type"], spec["name"]]
    if "apiKey" in spec:
        head.append("key=%d" % spec["apiKey"])
    head.append("versions=" + spec["validVersions"])
    head.append("flexible=" + spec.get("flexibleVersions", "none"))
    if "listeners" in spec:
        head.append("listeners=" + ",".join(spec["listeners"]))
    if spec["name"] in ADVERTISED_MIN:
        head.append("advertised-min=%d" % ADVERTISED_MIN[spec["name"]])
    if spec.get("latestVersionUnstable"):
        head.append("unstable-latest")
    if "deprecatedVersions" in spec:
        head.append("deprecated=" + spec["deprecatedVersions"])
    lines = [
        "# %s: facts from Apache Kafka %s (%s)" % (spec["name"], release, source),
        " ".join(head),
    ]
    lines.extend(field_lines(spec.get("fields", []), 1))
    for common in spec.get("commonStructs", []):
        lines.append("common %s %s" % (common["name"], common["versions"]))
        lines.extend(field_lines(common["fields"], 1))
    return "\n".join(lines) + "\n"


def main(argv):
    out_dir, release, files = argv[1], argv[2], argv[3:]
    specs = []
    for path in files:
        with open(path, encoding="utf-8") as fh:
            specs.append((path, json.loads(strip_comments(fh.read()))))
    # Requests and responses: only the APIs a broker listener serves. Only the
    # request spec names its listeners.
    broker_keys = {
        spec["apiKey"]
        for _, spec in specs
        if spec.get("type") == "request" and "broker" in spec.get("listeners", [])
    }
    written = 0
    for path, spec in specs:
        kind = spec.get("type")
        if kind not in KIND_DIRS:
            continue
        if kind in ("request", "response") and spec["apiKey"] not in broker_keys:
            continue
        folder = os.path.join(out_dir, KIND_DIRS[kind])
        os.makedirs(folder, exist_ok=True)
        source = os.path.basename(path)
        with open(os.path.join(folder, snake(spec["name"]) + ".schema"), "w", encoding="utf-8") as fh:
            fh.write(convert(spec, release, source))
        written += 1
    print("wrote %d schema files under %s" % (written, out_dir))


if __name__ == "__main__":
    main(sys.argv)
