#include "controller/config_values.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace samsa::controller::detail {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Java regex \s: the whitespace Kafka's list splitting removes around commas.
bool is_java_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool all_of(std::string_view s, bool (*pred)(char)) {
    for (char c : s) {
        if (!pred(c)) return false;
    }
    return true;
}

bool is_host_char(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '%'
           || c == '.' || c == '_' || c == ':';
}

bool is_scheme_char(char c) {
    return c != ':' && is_host_char(c);
}

// Decimal floating-point text without sign or suffix: digits with at most one '.', at
// least one digit, then an optional exponent.
bool is_decimal_float(std::string_view s) {
    size_t i = 0, digits = 0;
    while (i < s.size() && is_digit(s[i]))
        ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit(s[i]))
            ++i, ++digits;
    }
    if (digits == 0) return false;
    if (i == s.size()) return true;
    if (s[i] != 'e' && s[i] != 'E') return false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    return i < s.size() && all_of(s.substr(i), is_digit);
}

}  // namespace

std::string_view trim(std::string_view s) {
    while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ')
        s.remove_prefix(1);
    while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ')
        s.remove_suffix(1);
    return s;
}

std::optional<int64_t> parse_integer(std::string_view s, int64_t min, int64_t max) {
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty() || !all_of(s, is_digit)) return std::nullopt;
    // Accumulate the magnitude; the limit allows |INT64_MIN|.
    const uint64_t limit = uint64_t{std::numeric_limits<int64_t>::max()} + (negative ? 1 : 0);
    uint64_t magnitude = 0;
    for (char c : s) {
        const auto digit = static_cast<uint64_t>(c - '0');
        if (magnitude > (limit - digit) / 10) return std::nullopt;
        magnitude = magnitude * 10 + digit;
    }
    const int64_t value =
        negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
    if (value < min || value > max) return std::nullopt;
    return value;
}

std::optional<double> parse_double(std::string_view s) {
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    const double sign = negative ? -1.0 : 1.0;
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return sign * std::numeric_limits<double>::infinity();
    if (!s.empty() && (s.back() == 'f' || s.back() == 'F' || s.back() == 'd' || s.back() == 'D'))
        s.remove_suffix(1);
    auto format = std::chars_format::general;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s.remove_prefix(2);
        // Java requires the binary exponent of a hexadecimal literal.
        if (s.find_first_of("pP") == std::string_view::npos || s[0] == '+' || s[0] == '-')
            return std::nullopt;
        format = std::chars_format::hex;
    } else if (!is_decimal_float(s)) {
        return std::nullopt;
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, format);
    if (end != s.data() + s.size()) return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        // Java saturates: a huge exponent gives infinity, a tiny one zero.
        const auto e = s.find_last_of(format == std::chars_format::hex ? "pP" : "eE");
        const bool tiny = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
        value = tiny ? 0.0 : std::numeric_limits<double>::infinity();
    } else if (ec != std::errc{}) {
        return std::nullopt;
    }
    return sign * value;
}

std::string format_double(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
    if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
    // The shortest digits that read back as d, as d.ddde[+-]x.
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, std::abs(d), std::chars_format::scientific);
    const std::string_view sci(buf, static_cast<size_t>(r.ptr - buf));
    const auto e = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e)) {
        if (c != '.') digits += c;
    }
    int exponent = 0;
    std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(),
                    exponent);
    std::string out = d < 0 ? "-" : "";
    const double magnitude = std::abs(d);
    if (magnitude >= 1e-3 && magnitude < 1e7) {
        if (exponent >= 0) {
            const auto whole = static_cast<size_t>(exponent) + 1;
            if (digits.size() < whole) digits.append(whole - digits.size(), '0');
            out += digits.substr(0, whole);
            out += '.';
            out += digits.size() > whole ? digits.substr(whole) : "0";
        } else {
            out += "0.";
            out.append(static_cast<size_t>(-exponent - 1), '0');
            out += digits;
        }
        return out;
    }
    out += digits[0];
    out += '.';
    out += digits.size() > 1 ? digits.substr(1) : "0";
    out += 'E';
    out += std::to_string(exponent);
    return out;
}

std::vector<std::string_view> split_list(std::string_view value) {
    value = trim(value);
    std::vector<std::string_view> items;
    if (value.empty()) return items;
    for (;;) {
        const auto comma = value.find(',');
        std::string_view item = value.substr(0, comma);
        if (!items.empty()) {
            while (!item.empty() && is_java_space(item.front()))
                item.remove_prefix(1);
        }
        if (comma != std::string_view::npos) {
            while (!item.empty() && is_java_space(item.back()))
                item.remove_suffix(1);
        }
        items.push_back(item);
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return items;
}

bool is_host_port(std::string_view s) {
    if (const auto scheme = s.find("://"); scheme != std::string_view::npos) {
        if (!all_of(s.substr(0, scheme), is_scheme_char)) return false;
        s.remove_prefix(scheme + 3);
    }
    const auto colon = s.rfind(':');
    if (colon == std::string_view::npos) return false;
    const std::string_view port = s.substr(colon + 1);
    if (port.empty() || !all_of(port, is_digit) || !parse_integer(port, 0, 65535)) return false;
    std::string_view host = s.substr(0, colon);
    if (!host.empty() && host.front() == '[') host.remove_prefix(1);
    if (!host.empty() && host.back() == ']') host.remove_suffix(1);
    return all_of(host, is_host_char);
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

}  // namespace samsa::controller::detail
