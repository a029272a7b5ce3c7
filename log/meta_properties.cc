#include "log/meta_properties.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "log/file_util.h"

namespace samsa::log {

std::variant<std::optional<meta_properties>, std::string> read_meta_properties(
    const std::string& dir) {
    const std::filesystem::path path = std::filesystem::path(dir) / "meta.properties";
    std::ifstream in(path);
    if (!in) {
        if (!std::filesystem::exists(path)) return std::optional<meta_properties>();
        return "cannot read " + path.string();
    }
    meta_properties m;
    std::string line;
    bool have_node = false;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const size_t eq = line.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = line.substr(0, eq);
        const std::string value = line.substr(eq + 1);
        if (key == "cluster.id") m.cluster_id = value;
        if (key == "directory.id") m.directory_id = value;
        if (key == "node.id") {
            have_node = std::from_chars(value.data(), value.data() + value.size(), m.node_id).ec
                        == std::errc();
        }
    }
    if (m.cluster_id.empty() || !have_node) return path.string() + " lacks cluster.id or node.id";
    return std::optional<meta_properties>(m);
}

std::optional<std::string> write_meta_properties(const std::string& dir, const meta_properties& m) {
    std::ostringstream text;
    text << "#\n#Written by samsa\n"
         << "cluster.id=" << m.cluster_id << "\n"
         << "directory.id=" << m.directory_id << "\n"
         << "node.id=" << m.node_id << "\n"
         << "version=1\n";
    return write_file_atomically((std::filesystem::path(dir) / "meta.properties").string(),
                                 text.str());
}

}  // namespace samsa::log
