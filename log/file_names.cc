#include "log/file_names.h"

#include <charconv>
#include <cstdio>

namespace samsa::log {

std::string offset_file_prefix(int64_t offset) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%020lld", static_cast<long long>(offset));
    return buf;
}

std::string segment_file_path(const std::string& dir, int64_t base_offset,
                              std::string_view suffix) {
    std::string p = dir;
    p += '/';
    p += offset_file_prefix(base_offset);
    p += suffix;
    return p;
}

std::optional<int64_t> offset_from_file_name(std::string_view name) {
    const size_t dot = name.find('.');
    if (dot != 20) return std::nullopt;
    int64_t v = -1;
    const auto [ptr, ec] = std::from_chars(name.data(), name.data() + dot, v);
    if (ec != std::errc() || ptr != name.data() + dot || v < 0) return std::nullopt;
    return v;
}

}  // namespace samsa::log
