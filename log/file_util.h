// Small file helpers shared by the log's checkpoint and metadata files.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace samsa::log {

// Writes `contents` to `path` durably: a temporary file beside it, fsync, rename over the
// target, fsync of the directory. Returns an error message, or nullopt.
std::optional<std::string> write_file_atomically(const std::string& path,
                                                 std::string_view contents);

// fsyncs a directory, so that entries created or renamed in it survive a crash.
bool sync_directory(const std::string& dir);

}  // namespace samsa::log
