#include "log/checkpoints.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "log/file_util.h"

namespace samsa::log {

namespace {

std::vector<std::string> split_whitespace(std::string_view line) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t')
            ++j;
        if (j > i) out.emplace_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

template <typename T>
bool parse_number(std::string_view s, T& out) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::string format_checkpoint(const std::vector<std::string>& entries) {
    std::string out = "0\n" + std::to_string(entries.size()) + "\n";
    for (const std::string& e : entries) {
        out += e;
        out += '\n';
    }
    return out;
}

std::variant<std::vector<std::vector<std::string>>, std::string> parse_checkpoint_lines(
    std::string_view text, size_t fields) {
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    std::vector<std::vector<std::string>> entries;
    if (lines.empty()) return entries;
    int version = -1;
    if (!parse_number(lines[0], version))
        return "malformed line in checkpoint file: " + std::string(lines[0]);
    if (version != 0) return "unrecognised checkpoint version " + std::to_string(version);
    if (lines.size() < 2) return entries;
    int64_t count = -1;
    if (!parse_number(lines[1], count))
        return "malformed line in checkpoint file: " + std::string(lines[1]);
    for (size_t i = 2; i < lines.size(); ++i) {
        std::vector<std::string> parts = split_whitespace(lines[i]);
        if (parts.size() != fields)
            return "malformed line in checkpoint file: " + std::string(lines[i]);
        entries.push_back(std::move(parts));
    }
    if (static_cast<int64_t>(entries.size()) != count) {
        return "expected " + std::to_string(count) + " entries in checkpoint file, found "
               + std::to_string(entries.size());
    }
    return entries;
}

std::string format_offset_checkpoint(const offset_map& offsets) {
    std::vector<std::string> entries;
    entries.reserve(offsets.size());
    for (const auto& [tp, offset] : offsets) {
        entries.push_back(tp.first + " " + std::to_string(tp.second) + " "
                          + std::to_string(offset));
    }
    return format_checkpoint(entries);
}

std::variant<offset_map, std::string> parse_offset_checkpoint(std::string_view text) {
    auto lines = parse_checkpoint_lines(text, 3);
    if (auto* e = std::get_if<std::string>(&lines)) return *e;
    offset_map out;
    for (const auto& parts : std::get<0>(lines)) {
        int32_t partition = 0;
        int64_t offset = 0;
        if (!parse_number(parts[1], partition) || !parse_number(parts[2], offset)) {
            return "malformed line in checkpoint file: " + parts[0] + " " + parts[1] + " "
                   + parts[2];
        }
        out[{parts[0], partition}] = offset;
    }
    return out;
}

std::optional<std::string> write_offset_checkpoint(const std::string& path,
                                                   const offset_map& offsets) {
    return write_file_atomically(path, format_offset_checkpoint(offsets));
}

std::variant<offset_map, std::string> read_offset_checkpoint(const std::string& path) {
    std::ifstream in(path);
    if (!in) return offset_map{};
    std::stringstream text;
    text << in.rdbuf();
    auto r = parse_offset_checkpoint(text.str());
    if (auto* e = std::get_if<std::string>(&r)) return path + ": " + *e;
    return r;
}

}  // namespace samsa::log
