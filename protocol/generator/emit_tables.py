"""Emits the tables that span messages: the API table, api visiting, the message
registry and the error codes."""
import os

from schema import snake


def apis(msgs):
    by_name = {m.name: m for m in msgs}
    out = []
    for m in msgs:
        if m.kind != "request" or m.api_key is None:
            continue
        name = m.name[: -len("Request")]
        resp = by_name.get(name + "Response")
        if resp is None:
            raise ValueError("no response for %s" % m.name)
        out.append((name, m, resp))
    return sorted(out, key=lambda a: a[1].api_key)


def api_table_header(msgs, banner):
    table = apis(msgs)
    enum = "\n".join("    %s = %d," % (snake(n), m.api_key) for n, m, _ in table)
    return banner + """#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace samsa::protocol {

// Every API a Kafka broker listener serves, by key.
enum class api_key : int16_t {
%s
};

struct api_info {
    api_key key;
    std::string_view name;       // Kafka's name, e.g. "Produce"
    int16_t min_version;         // versions the schema defines (and the broker parses)
    int16_t max_version;
    int16_t advertised_min;      // what ApiVersions advertises: Kafka advertises Produce from 0
    int16_t advertised_max;      //   and leaves out a latest version marked unstable
    int16_t first_flexible;      // -1 when no version is flexible
    bool controller_listener;    // also served on a KRaft controller listener
};

// All APIs, ordered by key.
std::span<const api_info> all_apis();
// The API with this key, or nullptr.
const api_info* find_api(int16_t key);

// Request header v2 for flexible versions, else v1.
inline int16_t request_header_version(const api_info& api, int16_t version) {
    return api.first_flexible >= 0 && version >= api.first_flexible ? 2 : 1;
}
// Response header v1 for flexible versions, else v0; ApiVersions always answers with v0 so
// that a client can read the answer whatever version it asked for.
inline int16_t response_header_version(const api_info& api, int16_t version) {
    if (api.key == api_key::api_versions) return 0;
    return api.first_flexible >= 0 && version >= api.first_flexible ? 1 : 0;
}

}  // namespace samsa::protocol
""" % enum


def api_table_source(msgs, banner):
    rows = []
    for n, m, _ in apis(msgs):
        adv_max = m.versions.hi - 1 if m.unstable_latest else m.versions.hi
        adv_min = m.advertised_min if m.advertised_min is not None else m.versions.lo
        first_flex = m.flexible.lo if not m.flexible.empty() else -1
        rows.append('    {api_key::%s, "%s", %d, %d, %d, %d, %d, %s},' % (
            snake(n), n, m.versions.lo, m.versions.hi, adv_min, adv_max, first_flex,
            "true" if "controller" in m.listeners else "false"))
    return banner + """#include "protocol/api_table.h"

#include <algorithm>

namespace samsa::protocol {
namespace {

constexpr std::array<api_info, %d> apis{{
%s
}};

}  // namespace

std::span<const api_info> all_apis() { return apis; }

const api_info* find_api(int16_t key) {
    const auto it = std::lower_bound(apis.begin(), apis.end(), key, [](const api_info& a, int16_t k) {
        return static_cast<int16_t>(a.key) < k;
    });
    return it != apis.end() && static_cast<int16_t>(it->key) == key ? &*it : nullptr;
}

}  // namespace samsa::protocol
""" % (len(rows), "\n".join(rows))


def api_visit_header(msgs, banner):
    table = apis(msgs)
    includes = []
    cases = []
    for n, req, resp in table:
        includes.append('#include "protocol/messages/%s.h"' % req.cpp_name)
        includes.append('#include "protocol/messages/%s.h"' % resp.cpp_name)
        cases.append("        case api_key::%s:\n            return std::forward<F>(f).template "
                     "operator()<%s, %s>();" % (snake(n), req.cpp_name, resp.cpp_name))
    return banner + """#pragma once

#include <cstdlib>
#include <utility>

#include "protocol/api_table.h"
%s

namespace samsa::protocol {

// Calls f.template operator()<Request, Response>() with the message types of `key`, which
// must be a key of all_apis() (check with find_api first).
template <typename F>
decltype(auto) visit_api(api_key key, F&& f) {
    switch (key) {
%s
    }
    std::abort();
}

}  // namespace samsa::protocol
""" % ("\n".join(includes), "\n".join(cases))


def registry_source(msgs, banner):
    includes = "\n".join('#include "protocol/messages/%s.h"' % m.cpp_name for m in msgs)
    rows = "\n".join('    {"%s", "%s", %s::info, &round_trip<%s>, &encode_default<%s>},' % (
        m.cpp_name, m.folder, m.cpp_name, m.cpp_name, m.cpp_name) for m in msgs)
    return banner + """#include "protocol/wire/message_registry.h"

#include <algorithm>
#include <array>

#include "protocol/wire/message_impl.h"
%s

namespace samsa::protocol {
namespace {

template <typename M>
decode_errc round_trip(bytes_view in, int16_t version, byte_buffer* out, std::string* json) {
    M m;
    const decode_errc e = decode_message(m, in, version);
    if (e != decode_errc::none) return e;
    if (out) *out = encode_message(m, version);
    if (json) *json = message_to_json(m, version);
    return e;
}

template <typename M>
byte_buffer encode_default(int16_t version) {
    return encode_message(M{}, version);
}

const std::array<message_codec, %d> codecs{{
%s
}};

}  // namespace

std::span<const message_codec> all_message_codecs() { return codecs; }

const message_codec* find_message_codec(std::string_view name) {
    for (const auto& c : codecs) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

}  // namespace samsa::protocol
""" % (includes, len(msgs), rows)


def read_errors(schema_dir):
    path = os.path.join(schema_dir, "errors.schema")
    if not os.path.exists(path):
        return None
    errors = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            code, name, kind = line.split()
            errors.append((int(code), name, kind == "retriable"))
    errors.sort()
    return errors


def error_header(errors, banner):
    enum = "\n".join("    %s = %d," % (name.lower(), code) for code, name, _ in errors)
    return banner + """#pragma once

#include <cstdint>
#include <string_view>

namespace samsa::protocol {

// Kafka's error codes, as carried in responses.
enum class error_code : int16_t {
%s
};

struct error_info {
    error_code code;
    std::string_view name;  // Kafka's name, e.g. "NOT_LEADER_OR_FOLLOWER"
    bool retriable;         // clients retry it (Kafka's RetriableException)
};

// The error with this code, or nullptr for a code Kafka does not define.
const error_info* find_error(int16_t code);
std::string_view error_name(error_code code);
bool is_retriable(error_code code);

}  // namespace samsa::protocol
""" % enum


def error_source(errors, banner):
    rows = "\n".join('    {error_code::%s, "%s", %s},' % (name.lower(), name, "true" if r else "false")
                     for _, name, r in errors)
    return banner + """#include "protocol/error_code.h"

#include <algorithm>
#include <array>

namespace samsa::protocol {
namespace {

constexpr std::array<error_info, %d> errors{{
%s
}};

}  // namespace

const error_info* find_error(int16_t code) {
    const auto it = std::lower_bound(errors.begin(), errors.end(), code, [](const error_info& e, int16_t c) {
        return static_cast<int16_t>(e.code) < c;
    });
    return it != errors.end() && static_cast<int16_t>(it->code) == code ? &*it : nullptr;
}

std::string_view error_name(error_code code) {
    const error_info* e = find_error(static_cast<int16_t>(code));
    return e ? e->name : std::string_view("UNKNOWN");
}

bool is_retriable(error_code code) {
    const error_info* e = find_error(static_cast<int16_t>(code));
    return e && e->retriable;
}

}  // namespace samsa::protocol
""" % (len(errors), rows)


def files(msgs, schema_dir, banner):
    out = {
        "api_table.h": lambda: api_table_header(msgs, banner),
        "api_table.cc": lambda: api_table_source(msgs, banner),
        "api_visit.h": lambda: api_visit_header(msgs, banner),
        "message_registry.cc": lambda: registry_source(msgs, banner),
    }
    errors = read_errors(schema_dir)
    if errors is not None:
        out["error_code.h"] = lambda: error_header(errors, banner)
        out["error_code.cc"] = lambda: error_source(errors, banner)
    return out
