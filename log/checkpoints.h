// Kafka's checkpoint files, in its text format (docs/formats/checkpoints.md):
//
//   <version>\n<count>\n<entry>\n...      version 0; entries separated by single spaces
//
// Per log directory, one entry "<topic> <partition> <offset>" per partition:
//   recovery-point-offset-checkpoint   offsets below which the log is known flushed
//   log-start-offset-checkpoint        log start offsets above the first segment's base
//   replication-offset-checkpoint      high watermarks
// Per partition directory, leader-epoch-checkpoint: "<epoch> <start offset>" per epoch
// (leader_epoch_cache). Files are replaced atomically: a temporary file, fsync, rename,
// fsync of the directory.
//
// Stateless functions; a caller serializes writes to one file.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace samsa::log {

inline constexpr std::string_view recovery_point_checkpoint_name =
    "recovery-point-offset-checkpoint";
inline constexpr std::string_view log_start_offset_checkpoint_name = "log-start-offset-checkpoint";
inline constexpr std::string_view cleaner_offset_checkpoint_name = "cleaner-offset-checkpoint";
inline constexpr std::string_view replication_offset_checkpoint_name =
    "replication-offset-checkpoint";

using topic_partition = std::pair<std::string, int32_t>;
using offset_map = std::map<topic_partition, int64_t>;

std::string format_offset_checkpoint(const offset_map& offsets);
std::variant<offset_map, std::string> parse_offset_checkpoint(std::string_view text);
std::optional<std::string> write_offset_checkpoint(const std::string& path,
                                                   const offset_map& offsets);
// A missing file reads as empty; a malformed one is an error.
std::variant<offset_map, std::string> read_offset_checkpoint(const std::string& path);

// The lines of a checkpoint file after its version and count lines, checked against both
// (version 0, count equal to the entries). A missing or empty file has no entries.
std::variant<std::vector<std::vector<std::string>>, std::string> parse_checkpoint_lines(
    std::string_view text, size_t fields);
std::string format_checkpoint(const std::vector<std::string>& entries);

}  // namespace samsa::log
