#include "server/properties.h"

#include <cctype>
#include <fstream>
#include <sstream>
#include <vector>

namespace samsa::server {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\f';
}

// Logical lines: comments and blank lines dropped, continuations joined.
std::vector<std::string> logical_lines(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    bool continuing = false;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (end < text.size() && text[end] == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
        size_t start = 0;
        while (start < line.size() && is_space(line[start]))
            ++start;
        line.remove_prefix(start);
        if (!continuing && (line.empty() || line[0] == '#' || line[0] == '!')) {
            if (end >= text.size()) break;
            continue;
        }
        size_t slashes = 0;
        while (slashes < line.size() && line[line.size() - 1 - slashes] == '\\')
            ++slashes;
        const bool continues = slashes % 2 == 1;
        if (continues) line.remove_suffix(1);
        current.append(line);
        continuing = continues;
        if (!continuing) {
            out.push_back(std::move(current));
            current.clear();
        }
        if (end >= text.size()) break;
    }
    if (continuing) out.push_back(std::move(current));
    return out;
}

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
        out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
}

std::string unescape(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out.push_back(s[i]);
            continue;
        }
        const char c = s[++i];
        switch (c) {
            case 't':
                out.push_back('\t');
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 'f':
                out.push_back('\f');
                break;
            case 'u': {
                unsigned cp = 0;
                size_t n = 0;
                for (; n < 4 && i + 1 < s.size()
                       && std::isxdigit(static_cast<unsigned char>(s[i + 1]));
                     ++n) {
                    cp = cp * 16 + std::stoul(std::string(1, s[++i]), nullptr, 16);
                }
                append_utf8(out, cp);
                break;
            }
            default:
                out.push_back(c);
        }
    }
    return out;
}

}  // namespace

properties parse_properties(std::string_view text) {
    properties props;
    for (const std::string& line : logical_lines(text)) {
        size_t i = 0;
        // The key ends at the first unescaped '=', ':' or white space.
        while (i < line.size() && line[i] != '=' && line[i] != ':' && !is_space(line[i])) {
            if (line[i] == '\\') ++i;
            ++i;
        }
        const size_t key_end = std::min(i, line.size());
        while (i < line.size() && is_space(line[i]))
            ++i;
        if (i < line.size() && (line[i] == '=' || line[i] == ':')) ++i;
        while (i < line.size() && is_space(line[i]))
            ++i;
        props[unescape(std::string_view(line).substr(0, key_end))] =
            unescape(std::string_view(line).substr(std::min(i, line.size())));
    }
    return props;
}

std::optional<properties> load_properties(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return parse_properties(text.str());
}

}  // namespace samsa::server
