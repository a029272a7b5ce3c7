"""Reads samsa's schema files (docs/formats/schema.md) into a small model.

A Message holds its header attributes and a root Struct; a Struct holds Fields; a Field
of struct or []struct type points at the Struct that defines it (inline or common).
"""
import os
import re
import shlex

MAX_VERSION = 0x7FFF
PRIMITIVES = {
    "bool", "int8", "int16", "uint16", "int32", "uint32", "int64", "float64",
    "uuid", "string", "bytes", "records",
}


class Versions:
    """An inclusive version range, or empty ("none")."""

    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi

    @staticmethod
    def parse(text):
        if text is None or text == "none":
            return Versions(1, 0)
        if text.endswith("+"):
            return Versions(int(text[:-1]), MAX_VERSION)
        if "-" in text:
            lo, hi = text.split("-")
            return Versions(int(lo), int(hi))
        return Versions(int(text), int(text))

    def empty(self):
        return self.lo > self.hi

    def intersect(self, other):
        return Versions(max(self.lo, other.lo), min(self.hi, other.hi))

    def contains(self, v):
        return self.lo <= v <= self.hi

    def covers(self, other):
        return other.empty() or (self.lo <= other.lo and other.hi <= self.hi)

    def __eq__(self, other):
        return (self.empty() and other.empty()) or (self.lo, self.hi) == (other.lo, other.hi)

    def __repr__(self):
        if self.empty():
            return "none"
        return "%d+" % self.lo if self.hi == MAX_VERSION else "%d-%d" % (self.lo, self.hi)


def snake(name):
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.lower()


def camel(name):
    return name[:1].lower() + name[1:]


class Field:
    def __init__(self, name, type_text, versions, attrs):
        self.name = name
        self.type_text = type_text
        self.versions = Versions.parse(versions)
        self.nullable = Versions.parse(attrs.get("nullable"))
        self.tagged = Versions.parse(attrs.get("tagged"))
        self.tag = int(attrs["tag"]) if "tag" in attrs else None
        self.flexible_override = attrs.get("flexible")  # only "none" occurs
        self.default = attrs.get("default")
        self.ignorable = "ignorable" in attrs
        self.mapkey = "mapkey" in attrs
        self.entity = attrs.get("entity")
        self.fields = []  # inline struct definition, if any
        self.struct = None  # resolved Struct for struct and []struct types

    @property
    def is_array(self):
        return self.type_text.startswith("[]")

    @property
    def element_type(self):
        return self.type_text[2:] if self.is_array else self.type_text

    @property
    def is_struct(self):
        return self.element_type not in PRIMITIVES

    @property
    def cpp_name(self):
        return snake(self.name)

    @property
    def json_name(self):
        return camel(self.name)


class Struct:
    def __init__(self, name, versions, fields, is_root=False):
        self.name = name
        self.versions = versions
        self.fields = fields
        self.is_root = is_root
        self.cpp_name = None  # set by the message once names are known
        self.children = []  # structs defined inside this one, in declaration order


class Message:
    def __init__(self, path, kind, name, attrs):
        self.path = path
        self.kind = kind
        self.name = name
        self.api_key = int(attrs["key"]) if "key" in attrs else None
        self.versions = Versions.parse(attrs["versions"])
        self.flexible = Versions.parse(attrs.get("flexible", "none"))
        self.listeners = attrs.get("listeners", "").split(",") if "listeners" in attrs else []
        self.unstable_latest = "unstable-latest" in attrs
        self.advertised_min = int(attrs["advertised-min"]) if "advertised-min" in attrs else None
        self.fields = []
        self.commons = []  # (name, versions, fields)
        self.root = None
        self.structs = {}  # struct type name -> Struct

    @property
    def cpp_name(self):
        return snake(self.name)


def parse_line(line):
    depth = (len(line) - len(line.lstrip(" "))) // 2
    tokens = shlex.split(line.strip(), posix=True)
    return depth, tokens


def parse_attrs(tokens):
    attrs = {}
    for t in tokens:
        if "=" in t:
            k, v = t.split("=", 1)
            attrs[k] = v
        else:
            attrs[t] = True
    return attrs


def parse_file(path):
    with open(path, encoding="utf-8") as fh:
        lines = [l.rstrip("\n") for l in fh if l.strip() and not l.lstrip().startswith("#")]
    depth, head = parse_line(lines[0])
    msg = Message(path, head[0], head[1], parse_attrs(head[2:]))
    stack = [(0, msg.fields)]
    for line in lines[1:]:
        depth, tokens = parse_line(line)
        if depth == 0 and tokens[0] == "common":
            fields = []
            msg.commons.append((tokens[1], Versions.parse(tokens[2]), fields))
            stack = [(0, fields)]
            continue
        while stack[-1][0] >= depth:
            stack.pop()
        field = Field(tokens[0], tokens[1], tokens[2], parse_attrs(tokens[3:]))
        stack[-1][1].append(field)
        stack.append((depth, field.fields))
    resolve(msg)
    return msg


def resolve(msg):
    """Builds the Struct tree, checks references, and names the C++ types."""
    msg.root = Struct(msg.name, msg.versions, msg.fields, is_root=True)
    commons = []
    for name, versions, fields in msg.commons:
        s = Struct(name, versions, fields)
        msg.structs[name] = s
        commons.append(s)
    # Common structs come first in the root, each after the common structs it uses, so
    # every C++ type is declared before its first use.
    placed = set()

    def place(s):
        if s.name in placed:
            return
        placed.add(s.name)
        for f in s.fields:
            for t in used_types(f):
                if t in msg.structs and msg.structs[t] in commons:
                    place(msg.structs[t])
        msg.root.children.append(s)

    for s in commons:
        place(s)

    def define(parent, fields):
        for f in fields:
            if f.is_struct and f.fields:
                if f.element_type in msg.structs:
                    raise ValueError("%s: struct %s defined twice" % (msg.path, f.element_type))
                s = Struct(f.element_type, f.versions, f.fields)
                msg.structs[f.element_type] = s
                parent.children.append(s)
                define(s, f.fields)

    define(msg.root, msg.fields)
    for name, _, fields in msg.commons:
        define(msg.structs[name], fields)

    def link(fields):
        for f in fields:
            if f.is_struct:
                if f.element_type not in msg.structs:
                    raise ValueError("%s: unknown type %s" % (msg.path, f.type_text))
                f.struct = msg.structs[f.element_type]
                if f.fields:
                    link(f.fields)
            if not f.tagged.empty() and f.tag is None:
                raise ValueError("%s: tagged field %s has no tag" % (msg.path, f.name))

    link(msg.fields)
    for _, _, fields in msg.commons:
        link(fields)

    # C++ type names: snake_case of the struct name, with "_type" appended where that
    # would clash with a field name anywhere in the message (a member and a nested type
    # of one name cannot share a class scope).
    field_names = set()

    def collect(fields):
        for f in fields:
            field_names.add(f.cpp_name)
            collect(f.fields)

    collect(msg.fields)
    for _, _, fields in msg.commons:
        collect(fields)
    msg.root.cpp_name = msg.cpp_name
    for name, s in msg.structs.items():
        n = snake(name)
        s.cpp_name = n + "_type" if n in field_names or n in RESERVED else n


# Member names the generated code uses itself.
RESERVED = {"decode", "encode", "encoded_size", "write_json", "unknown_tags", "info"}


def used_types(field):
    """The struct type names a field and its inline fields use."""
    out = [field.element_type] if field.is_struct else []
    for f in field.fields:
        out += used_types(f)
    return out


def load_dir(schema_dir):
    messages = []
    for folder in sorted(os.listdir(schema_dir)):
        sub = os.path.join(schema_dir, folder)
        if not os.path.isdir(sub):
            continue
        for fname in sorted(os.listdir(sub)):
            if fname.endswith(".schema"):
                msg = parse_file(os.path.join(sub, fname))
                msg.folder = folder
                messages.append(msg)
    return messages
