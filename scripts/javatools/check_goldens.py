#!/usr/bin/env python3
"""Cross-checks the golden messages against samsa's schema files, independently of Kafka.

Decodes every sample's "hex" with a small decoder driven only by protocol/schema/*.schema,
renders it the way Kafka's generated JSON converters do (see README.md), and requires the
result to equal the sample's "json", with every byte consumed. A mismatch means the schema
files, the golden data, or our understanding of the wire format is wrong.

usage: check_goldens.py SCHEMA_DIR GOLDEN_DIR
"""
import base64
import json
import os
import re
import struct
import sys

PRIMITIVES = {"bool", "int8", "int16", "uint16", "int32", "uint32", "int64", "float64",
              "string", "bytes", "uuid", "records"}
FIXED = {"bool": ">?", "int8": ">b", "int16": ">h", "uint16": ">H", "int32": ">i",
         "uint32": ">I", "int64": ">q", "float64": ">d"}


class Versions:
    def __init__(self, text):
        if text is None or text == "none":
            self.lo, self.hi = 1, 0
        elif text.endswith("+"):
            self.lo, self.hi = int(text[:-1]), 1 << 30
        elif "-" in text:
            lo, hi = text.split("-")
            self.lo, self.hi = int(lo), int(hi)
        else:
            self.lo = self.hi = int(text)

    def __contains__(self, v):
        return self.lo <= v <= self.hi


class Field:
    def __init__(self, tokens):
        self.name, self.type, self.versions = tokens[0], tokens[1], Versions(tokens[2])
        self.attrs = {}
        for t in tokens[3:]:
            k, _, v = t.partition("=")
            self.attrs[k] = v
        self.nullable = Versions(self.attrs.get("nullable"))
        self.tag = int(self.attrs["tag"]) if "tag" in self.attrs else None
        self.tagged = Versions(self.attrs.get("tagged"))
        self.flexible = Versions(self.attrs["flexible"]) if "flexible" in self.attrs else None
        self.fields = []
        self.array = self.type.startswith("[]")
        self.elem = self.type[2:] if self.array else self.type
        self.struct = self.elem not in PRIMITIVES


def tokenize(text):
    return [m.group(0).replace('"', "") for m in re.finditer(r'(?:[^\s"]|"(?:\\.|[^"])*")+', text)]


def read_schema(path):
    header, fields, structs = None, [], {}
    stack = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        tokens = tokenize(line.strip())
        if indent == 0:
            if tokens[0] == "common":
                structs[tokens[1]] = []
                stack = [structs[tokens[1]]]
            else:
                header = {"kind": tokens[0], "name": tokens[1]}
                for t in tokens[2:]:
                    k, _, v = t.partition("=")
                    header[k] = v
                stack = [fields]
            continue
        depth = indent // 2
        del stack[depth:]
        f = Field(tokens)
        stack[-1].append(f)
        stack.append(f.fields)

    def register(fs):
        for f in fs:
            if f.struct and f.fields:
                structs.setdefault(f.elem, f.fields)
            register(f.fields)

    register(fields)
    for fs in list(structs.values()):
        register(fs)
    return header, fields, structs


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise ValueError("short read of %d at %d" % (n, self.pos))
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def fixed(self, fmt):
        size = struct.calcsize(fmt)
        return struct.unpack(fmt, self.take(size))[0]

    def uvarint(self):
        shift = result = 0
        while True:
            b = self.take(1)[0]
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7


def camel(name):
    return name[0].lower() + name[1:]


class Decoder:
    def __init__(self, fields, structs, flexible_versions):
        self.fields, self.structs, self.flexible_versions = fields, structs, flexible_versions
        self.known_tags = self.unknown_tags = 0

    def message(self, r, version):
        self.version = version
        self.flexible = version in self.flexible_versions
        return self.struct(r, self.fields)

    def length(self, r, compact, wide):
        if compact:
            return r.uvarint() - 1
        return r.fixed(">i" if wide else ">h")

    def value(self, r, f, elem_only=False):
        v = self.version
        compact = self.flexible and not (f.flexible is not None and v not in f.flexible)
        if f.array and not elem_only:
            n = self.length(r, compact, True)
            if n < 0:
                if v not in f.nullable:
                    raise ValueError("null array in non-nullable " + f.name)
                return None
            return [self.value(r, f, True) for _ in range(n)]
        t = f.elem
        if f.struct:
            if not f.array and v in f.nullable:
                if r.fixed(">b") < 0:
                    return None
            return self.struct(r, self.structs.get(t, []))
        if t in FIXED:
            return r.fixed(FIXED[t])
        if t == "uuid":
            return base64.urlsafe_b64encode(r.take(16)).rstrip(b"=").decode()
        n = self.length(r, compact, t != "string")
        if n < 0:
            if v not in f.nullable and not f.array:
                raise ValueError("null in non-nullable " + f.name)
            return None
        raw = r.take(n)
        if t == "string":
            return raw.decode("utf-8")
        if t == "records":
            return ("records", n)
        return base64.b64encode(raw).decode()

    def struct(self, r, fields):
        v = self.version
        out = {}
        tagged = {}
        for f in fields:
            if v not in f.versions:
                continue
            if f.tag is not None and v in f.tagged:
                tagged[f.tag] = f
                continue
            out[f.name] = self.value(r, f)
        found = {}
        if self.flexible:
            for _ in range(r.uvarint()):
                tag, size = r.uvarint(), r.uvarint()
                body = r.take(size)
                if tag in tagged:
                    sub = Reader(body)
                    found[tag] = self.value(sub, tagged[tag])
                    if sub.pos != len(body):
                        raise ValueError("tagged field %d has %d extra bytes" % (tag, len(body) - sub.pos))
                    self.known_tags += 1
                else:
                    self.unknown_tags += 1
        # Kafka's converter writes the fields in declaration order; tagged ones only when set.
        rendered = {}
        for f in fields:
            if v not in f.versions:
                continue
            if f.tag is not None and v in f.tagged:
                if f.tag not in found:
                    continue
                val = found[f.tag]
            else:
                val = out[f.name]
            if isinstance(val, tuple):
                rendered["recordsSizeInBytes"] = val[1]
            else:
                rendered[camel(f.name)] = val
        return rendered


def main(argv):
    schema_dir, golden_dir = argv[1], argv[2]
    files = samples = known_tags = unknown_tags = 0
    failures = []
    for folder in sorted(os.listdir(golden_dir)):
        for name in sorted(os.listdir(os.path.join(golden_dir, folder))):
            base = name[: -len(".jsonl")]
            header, fields, structs = read_schema(os.path.join(schema_dir, folder, base + ".schema"))
            dec = Decoder(fields, structs, Versions(header.get("flexible", "none")))
            files += 1
            for line_no, line in enumerate(open(os.path.join(golden_dir, folder, name), encoding="utf-8"), 1):
                d = json.loads(line)
                where = "%s/%s:%d (v%d sample %d)" % (folder, name, line_no, d["version"], d["sample"])
                r = Reader(bytes.fromhex(d["hex"]))
                try:
                    got = dec.message(r, d["version"])
                    if r.pos != len(r.data):
                        raise ValueError("%d bytes left over" % (len(r.data) - r.pos))
                    if got != d["json"]:
                        raise ValueError("decoded %s\n      kafka  %s" % (json.dumps(got), json.dumps(d["json"])))
                except ValueError as e:
                    failures.append("%s: %s" % (where, e))
                samples += 1
            known_tags += dec.known_tags
            unknown_tags += dec.unknown_tags
    for f in failures[:20]:
        print("FAIL " + f)
    print("check_goldens: %d known and %d unknown tagged fields decoded" % (known_tags, unknown_tags))
    print("check_goldens: %d files, %d samples: %d passed, %d failed" % (files, samples, samples - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
