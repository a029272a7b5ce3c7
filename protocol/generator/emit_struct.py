"""Emits the C++ declaration and the codec functions of one message's structs."""
from schema import MAX_VERSION, Versions

FIXED = {
    "bool": ("bool", 1, "bool"),
    "int8": ("int8_t", 1, "int8"),
    "int16": ("int16_t", 2, "int16"),
    "uint16": ("uint16_t", 2, "uint16"),
    "int32": ("int32_t", 4, "int32"),
    "uint32": ("uint32_t", 4, "uint32"),
    "int64": ("int64_t", 8, "int64"),
    "float64": ("double", 8, "float64"),
    "uuid": ("::samsa::protocol::uuid", 16, "uuid"),
}


def cond(versions, within):
    """A C++ condition on `version` for `versions`, given that version is in `within`."""
    v = versions.intersect(within)
    if v.empty():
        return "false"
    parts = []
    if v.lo > within.lo:
        parts.append("version >= %d" % v.lo)
    if v.hi < within.hi:
        parts.append("version <= %d" % v.hi)
    return " && ".join(parts) if parts else "true"


def regular_versions(f):
    """Versions in which the field is an ordinary (untagged) field."""
    if f.tagged.empty():
        return f.versions
    if f.tagged.covers(f.versions):
        return Versions(1, 0)
    if f.tagged.hi == MAX_VERSION and f.tagged.lo > f.versions.lo:
        return Versions(f.versions.lo, min(f.versions.hi, f.tagged.lo - 1))
    raise ValueError("field %s: tagged versions %r not a suffix of %r" % (f.name, f.tagged, f.versions))


class StructEmitter:
    def __init__(self, msg):
        self.msg = msg
        self.within = msg.versions
        self.flexible_any = not msg.flexible.intersect(msg.versions).empty()

    # ---- types and defaults ----
    def nullable_any(self, f):
        return not f.nullable.empty()

    def elem_cpp(self, f):
        t = f.element_type
        if t in FIXED:
            return FIXED[t][0]
        if t == "string":
            return "std::string"
        if t == "bytes":
            return "byte_buffer"
        if t == "records":
            return "::samsa::protocol::records"  # qualified: fields named Records exist
        return f.struct.cpp_name

    def cpp_type(self, f):
        base = self.elem_cpp(f)
        if f.is_array:
            base = "std::vector<%s>" % base
        if f.element_type == "records" and not f.is_array:
            return base
        if self.nullable_any(f):
            return "std::optional<%s>" % base
        return base

    def is_optional(self, f):
        return self.cpp_type(f).startswith("std::optional<")

    def default_init(self, f):
        d = f.default
        t = f.element_type
        if d == "null":
            if not self.is_optional(f) and t != "records":
                raise ValueError("%s: null default on non-nullable field %s" % (self.msg.path, f.name))
            return ""
        if f.is_array or f.is_struct or t in ("bytes", "records", "uuid"):
            # An optional that defaults to a present (empty) value.
            return " = %s{}" % self.cpp_type(f)[len("std::optional<"):-1] if self.is_optional(f) else ""
        if t == "string":
            text = d or ""
            if self.is_optional(f):
                return ' = std::string("%s")' % text
            return ' = "%s"' % text if text else ""
        if t == "bool":
            return " = %s" % (d or "false")
        if t == "float64":
            return " = %s" % (float(d) if d else "0.0")
        value = int(d, 0) if d else 0
        if t == "int64" and value == -(1 << 63):
            return " = INT64_MIN"
        if t == "int32" and value == -(1 << 31):
            return " = INT32_MIN"
        return " = %d" % value + ("LL" if t == "int64" else "")

    def default_value(self, f):
        """A C++ expression equal to a non-optional field's default value."""
        init = self.default_init(f)
        return init[3:] if init else "%s{}" % self.cpp_type(f)

    def non_default(self, f, x):
        t = f.element_type
        if f.element_type == "records" and not f.is_array:
            return "!%s.is_null()" % x
        if self.is_optional(f):
            if f.default == "null":
                return "%s.has_value()" % x
            if f.is_array or t == "bytes":
                return "(!%s || !%s->empty())" % (x, x)
            if t == "string":
                return '(!%s || *%s != "%s")' % (x, x, f.default or "")
            return "(!%s || !(*%s == %s{}))" % (x, x, self.elem_cpp(f))
        if f.is_array or t == "bytes":
            return "!%s.empty()" % x
        if t == "uuid":
            return "!%s.is_zero()" % x
        if f.is_struct:
            return "!(%s == %s{})" % (x, self.elem_cpp(f))
        return "%s != %s" % (x, self.default_value(f))

    # ---- declaration ----
    # Every struct but the root is defined at namespace scope, in nested::<message>, and
    # named inside its parent by an alias, so `fetch_request::topic::partition` still
    # names it. Defined inside the message, a sub-struct with default member initializers
    # would not count as default-constructible until the whole message was complete
    # (clang, CWG 1397), and std::optional<sub> members would cache that answer.
    def nested_scope(self):
        return "nested::%s" % self.msg.cpp_name

    def qualified(self, s):
        """The struct's real name, relative to samsa::protocol."""
        return s.cpp_name if s.is_root else "%s::%s" % (self.nested_scope(), s.cpp_name)

    def declare_nested(self):
        """The namespace holding every sub-struct, children before their parents."""
        out = []
        subs = []

        def children_first(s):
            for child in s.children:
                children_first(child)
                subs.append(child)

        children_first(self.msg.root)
        if subs:
            out.append("namespace %s {" % self.nested_scope())
            out.append("")
            for s in subs:
                out.extend(self.declare(s))
                out.append("")
            out.append("}  // namespace %s" % self.nested_scope())
            out.append("")
        return out

    def declare(self, s):
        out = ["struct %s {" % s.cpp_name]
        inner = "    "
        if s.is_root:
            m = self.msg
            first_flex = m.flexible.lo if not m.flexible.empty() else -1
            out.append('%sstatic constexpr message_info info{"%s", %d, %d, %d, %d};' % (
                inner, m.name, m.api_key if m.api_key is not None else -1,
                m.versions.lo, m.versions.hi, first_flex))
            out.append("")
        for child in s.children:
            out.append("%susing %s = ::samsa::protocol::%s;" % (inner, child.cpp_name, self.qualified(child)))
        if s.children:
            out.append("")
        for f in s.fields:
            out.append("%s%s %s%s;" % (inner, self.cpp_type(f), f.cpp_name, self.default_init(f)))
        if self.flexible_any:
            out.append("%sunknown_tagged_fields unknown_tags;" % inner)
        out.append("")
        out.append("%svoid decode(reader& r, int16_t version);" % inner)
        out.append("%svoid encode(writer& w, int16_t version) const;" % inner)
        out.append("%ssize_t encoded_size(int16_t version) const;" % inner)
        out.append("%svoid write_json(json_writer& j, int16_t version) const;" % inner)
        out.append("%sfriend bool operator==(const %s&, const %s&) = default;" % (inner, s.cpp_name, s.cpp_name))
        out.append("};")
        return out

    # ---- per-field code ----
    def nullable_cond(self, f):
        return cond(f.nullable, self.within)

    def flex_expr(self, f, flex):
        return "false" if f.flexible_override == "none" else flex

    def read_value(self, f, x, r, flex):
        """Statements reading field f (not array-element aware) into x."""
        t = f.element_type
        flex = self.flex_expr(f, flex)
        if f.is_array:
            elem = self.read_element(f, "e", flex, r)
            lam = "[&](reader& %s, %s& e) { %s }" % (r, self.elem_cpp(f), elem)
            if self.is_optional(f):
                return ["codec::read_array(%s, %s, %s, %s, %s);" % (r, flex, self.nullable_cond(f), x, lam)]
            return ["codec::read_array(%s, %s, %s, %s);" % (r, flex, x, lam)]
        if t in FIXED:
            return ["%s = %s.read_%s();" % (x, r, FIXED[t][2])]
        if t in ("string", "bytes"):
            if self.is_optional(f):
                return ["codec::read_%s(%s, %s, %s, %s);" % (t, r, flex, self.nullable_cond(f), x)]
            return ["codec::read_%s(%s, %s, %s);" % (t, r, flex, x)]
        if t == "records":
            return ["codec::read_records(%s, %s, %s, %s);" % (r, flex, self.nullable_cond(f), x)]
        # struct
        if self.is_optional(f):
            nc = self.nullable_cond(f)
            return [
                "if (%s && %s.read_int8() < 0) {" % (nc, r),
                "    %s.reset();" % x,
                "} else {",
                "    %s.emplace().decode(%s, version);" % (x, r),
                "}",
            ]
        return ["%s.decode(%s, version);" % (x, r)]

    def read_element(self, f, e, flex, r):
        t = f.element_type
        if t in FIXED:
            return "%s = %s.read_%s();" % (e, r, FIXED[t][2])
        if t in ("string", "bytes"):
            return "codec::read_%s(%s, %s, %s);" % (t, r, flex, e)
        return "%s.decode(%s, version);" % (e, r)

    def size_expr(self, f, x, flex):
        t = f.element_type
        flex = self.flex_expr(f, flex)
        if f.is_array:
            if t in FIXED:
                per = "%d * v.size()" % FIXED[t][1]
            elif t == "string":
                per = "[&] { size_t n = 0; for (const auto& e : v) n += codec::string_size(e, %s); return n; }()" % flex
            elif t == "bytes":
                per = "[&] { size_t n = 0; for (const auto& e : v) n += codec::bytes_size(e, %s); return n; }()" % flex
            else:
                per = "[&] { size_t n = 0; for (const auto& e : v) n += e.encoded_size(version); return n; }()"
            body = "codec::array_prefix_size(v.size(), %s) + %s" % (flex, per)
            if self.is_optional(f):
                return ("(%s ? [&](const auto& v) { return %s; }(*%s) : codec::null_array_size(%s))"
                        % (x, body, x, flex))
            return "[&](const auto& v) { return %s; }(%s)" % (body, x)
        if t in FIXED:
            return str(FIXED[t][1])
        if t == "string":
            return "codec::string_size(%s, %s)" % (x, flex)
        if t == "bytes":
            return "codec::bytes_size(%s, %s)" % (x, flex)
        if t == "records":
            return "codec::records_size(%s, %s)" % (x, flex)
        if self.is_optional(f):
            nc = self.nullable_cond(f)
            present = "%s->encoded_size(version)" % x
            absent = "%s{}.encoded_size(version)" % self.elem_cpp(f)
            return ("((%s) ? (%s ? 1 + %s : 1) : (%s ? %s : %s))"
                    % (nc, x, present, x, present, absent))
        return "%s.encoded_size(version)" % x

    def write_value(self, f, x, flex):
        t = f.element_type
        flex = self.flex_expr(f, flex)
        if f.is_array:
            if t in FIXED:
                elem = "w.write_%s(e);" % FIXED[t][2]
            elif t in ("string", "bytes"):
                elem = "codec::write_%s(w, %s, e);" % (t, flex)
            else:
                elem = "e.encode(w, version);"
            body = ["codec::write_length(w, %s, static_cast<int64_t>(v.size()));" % flex,
                    "for (const auto& e : v) %s" % elem]
            if self.is_optional(f):
                return (["if (!%s) {" % x, "    codec::write_length(w, %s, -1);" % flex, "} else {",
                         "    const auto& v = *%s;" % x] + ["    " + b for b in body] + ["}"])
            return ["{", "    const auto& v = %s;" % x] + ["    " + b for b in body] + ["}"]
        if t in FIXED:
            return ["w.write_%s(%s);" % (FIXED[t][2], x)]
        if t in ("string", "bytes"):
            return ["codec::write_%s(w, %s, %s);" % (t, flex, x)]
        if t == "records":
            return ["codec::write_records(w, %s, %s);" % (flex, x)]
        if self.is_optional(f):
            nc = self.nullable_cond(f)
            return ["if (%s) w.write_int8(%s ? 1 : -1);" % (nc, x),
                    "if (%s) {" % x, "    %s->encode(w, version);" % x, "} else if (!(%s)) {" % nc,
                    "    %s{}.encode(w, version);" % self.elem_cpp(f), "}"]
        return ["%s.encode(w, version);" % x]

    def json_value(self, f, x):
        t = f.element_type
        if f.is_array:
            if t in FIXED:
                elem = self.json_scalar(t, "e")
            elif t == "string":
                elem = "j.value(std::string_view(e));"
            elif t == "bytes":
                elem = "j.base64(e);"
            else:
                elem = "e.write_json(j, version);"
            loop = ["j.begin_array();", "for (const auto& e : %s) { %s }" % (("*" + x) if self.is_optional(f) else x, elem),
                    "j.end_array();"]
            if self.is_optional(f):
                return ["if (!%s) {" % x, "    j.null();", "} else {"] + ["    " + l for l in loop] + ["}"]
            return loop
        if t in FIXED:
            return [self.json_scalar(t, x)]
        if t == "string":
            if self.is_optional(f):
                return ["if (%s) j.value(std::string_view(*%s)); else j.null();" % (x, x)]
            return ["j.value(std::string_view(%s));" % x]
        if t == "bytes":
            if self.is_optional(f):
                return ["if (%s) j.base64(*%s); else j.null();" % (x, x)]
            return ["j.base64(%s);" % x]
        if self.is_optional(f):
            return ["if (%s) %s->write_json(j, version); else j.null();" % (x, x)]
        return ["%s.write_json(j, version);" % x]

    def json_scalar(self, t, x):
        if t == "bool":
            return "j.value(static_cast<bool>(%s));" % x
        if t == "float64":
            return "j.value(static_cast<double>(%s));" % x
        if t == "uuid":
            return "j.value(std::string_view(%s.to_string()));" % x
        return "j.value(static_cast<int64_t>(%s));" % x

    # ---- function definitions ----
    def flex_line(self):
        if not self.flexible_any:
            return []
        return ["    [[maybe_unused]] const bool flex = %s;" % cond(self.msg.flexible, self.within)]

    def flex_name(self):
        return "flex" if self.flexible_any else "false"

    def guarded(self, c, body, indent="    "):
        if c == "false":
            return []
        if c == "true":
            return [indent + l for l in body]
        return [indent + "if (%s) {" % c] + [indent + "    " + l for l in body] + [indent + "}"]

    def tagged_fields(self, s):
        fs = [f for f in s.fields if cond(f.tagged, self.within) != "false"]
        return sorted(fs, key=lambda f: f.tag)

    def define(self, s):
        qual = self.qualified(s)
        out = []
        out += self.define_decode(s, qual)
        out += self.define_encode(s, qual)
        out += self.define_size(s, qual)
        out += self.define_json(s, qual)
        for child in s.children:
            out += self.define(child)
        return out

    def define_decode(self, s, qual):
        out = ["void %s::decode(reader& r, int16_t version) {" % qual] + self.flex_line()
        for f in s.fields:
            out += self.guarded(cond(regular_versions(f), self.within),
                                self.read_value(f, "this->" + f.cpp_name, "r", self.flex_name()))
        if self.flexible_any:
            out += ["    if (!flex) return;",
                    "    const uint32_t count = r.read_uvarint();",
                    "    int64_t last_tag = -1;",
                    "    for (uint32_t i = 0; i < count && r.ok(); ++i) {",
                    "        const uint32_t tag = r.read_uvarint();",
                    "        const uint32_t size = r.read_uvarint();",
                    "        if (!r.ok()) return;",
                    "        if (static_cast<int64_t>(tag) <= last_tag) {",
                    "            return r.fail(static_cast<int64_t>(tag) == last_tag ? decode_errc::duplicate_tag",
                    "                                                                 : decode_errc::tags_out_of_order);",
                    "        }",
                    "        last_tag = tag;",
                    "        const bytes_view data = r.read_raw(size);",
                    "        if (!r.ok()) return;"]
            tagged = self.tagged_fields(s)
            if tagged:
                out.append("        switch (tag) {")
                for f in tagged:
                    body = ["reader sub(data, r.owner());"]
                    body += self.read_value(f, "this->" + f.cpp_name, "sub", "true")
                    body += ["if (!sub.ok() || sub.remaining() != 0) return r.fail(decode_errc::bad_tagged_field);",
                             "continue;"]
                    out.append("            case %d: {" % f.tag)
                    out += self.guarded(cond(f.tagged, self.within), body, "                ")
                    out.append("                break;")
                    out.append("            }")
                out.append("            default: break;")
                out.append("        }")
            out += ["        unknown_tags.push_back({tag, byte_buffer(data.begin(), data.end())});",
                    "    }"]
        out += ["}", ""]
        return out

    def has_tag_expr(self, f):
        c = cond(f.tagged, self.within)
        nd = self.non_default(f, "this->" + f.cpp_name)
        return nd if c == "true" else "(%s) && %s" % (c, nd)

    def define_encode(self, s, qual):
        out = ["void %s::encode(writer& w, int16_t version) const {" % qual] + self.flex_line()
        for f in s.fields:
            out += self.guarded(cond(regular_versions(f), self.within),
                                self.write_value(f, "this->" + f.cpp_name, self.flex_name()))
        if self.flexible_any:
            tagged = self.tagged_fields(s)
            out += ["    if (!flex) return;",
                    "    uint32_t count = static_cast<uint32_t>(unknown_tags.size());"]
            for f in tagged:
                out.append("    const bool has_%s = %s;" % (f.cpp_name, self.has_tag_expr(f)))
                out.append("    count += has_%s ? 1 : 0;" % f.cpp_name)
            out.append("    w.write_uvarint(count);")
            if tagged:
                out.append("    size_t u = 0;")
            for f in tagged:
                if f.tag > 0:  # no unknown tag sorts before tag 0 (tags are unsigned)
                    out.append("    while (u < unknown_tags.size() && unknown_tags[u].tag < %d) {" % f.tag)
                    out.append("        codec::write_raw_tag(w, unknown_tags[u++]);")
                    out.append("    }")
                out.append("    if (has_%s) {" % f.cpp_name)
                out.append("        const size_t n = %s;" % self.size_expr(f, "this->" + f.cpp_name, "true"))
                out.append("        w.write_uvarint(%d);" % f.tag)
                out.append("        w.write_uvarint(n);")
                out += ["        " + l for l in self.write_value(f, "this->" + f.cpp_name, "true")]
                out.append("    }")
            if tagged:
                out.append("    while (u < unknown_tags.size()) codec::write_raw_tag(w, unknown_tags[u++]);")
            else:
                out.append("    for (const auto& t : unknown_tags) codec::write_raw_tag(w, t);")
        out += ["}", ""]
        return out

    def define_size(self, s, qual):
        out = ["size_t %s::encoded_size(int16_t version) const {" % qual] + self.flex_line()
        out.append("    size_t n = 0;")
        for f in s.fields:
            out += self.guarded(cond(regular_versions(f), self.within),
                                ["n += %s;" % self.size_expr(f, "this->" + f.cpp_name, self.flex_name())])
        if self.flexible_any:
            out += ["    if (flex) {",
                    "        uint32_t count = static_cast<uint32_t>(unknown_tags.size());",
                    "        for (const auto& t : unknown_tags) n += codec::raw_tag_size(t);"]
            for f in self.tagged_fields(s):
                out.append("        if (%s) {" % self.has_tag_expr(f))
                out.append("            const size_t s = %s;" % self.size_expr(f, "this->" + f.cpp_name, "true"))
                out.append("            n += codec::tag_header_size(%d, s) + s;" % f.tag)
                out.append("            ++count;")
                out.append("        }")
            out += ["        n += uvarint_size(count);", "    }"]
        out += ["    return n;", "}", ""]
        return out

    def json_field(self, f):
        if f.element_type == "records" and not f.is_array:
            return ["if (this->%s.is_null()) {" % f.cpp_name,
                    '    j.key("%s");' % f.json_name,
                    "    j.null();",
                    "} else {",
                    '    j.key("%sSizeInBytes");' % f.json_name,
                    "    j.value(static_cast<int64_t>(this->%s.size()));" % f.cpp_name,
                    "}"]
        return ['j.key("%s");' % f.json_name] + self.json_value(f, "this->" + f.cpp_name)

    def define_json(self, s, qual):
        out = ["void %s::write_json(json_writer& j, int16_t version) const {" % qual,
               "    j.begin_object();"]
        for f in s.fields:
            out += self.guarded(cond(regular_versions(f), self.within), self.json_field(f))
            if cond(f.tagged, self.within) != "false":
                out += self.guarded(self.has_tag_expr(f), self.json_field(f))
        out += ["    j.end_object();", "}", ""]
        return out
