// The names of a partition directory's files, as Kafka names them: every segment file is its
// base offset in 20 zero-padded decimal digits plus a suffix, e.g. 00000000000000001234.log.
// Files scheduled for deletion carry an extra ".deleted".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace samsa::log {

inline constexpr std::string_view log_suffix = ".log";
inline constexpr std::string_view index_suffix = ".index";
inline constexpr std::string_view time_index_suffix = ".timeindex";
inline constexpr std::string_view txn_index_suffix = ".txnindex";
inline constexpr std::string_view snapshot_suffix = ".snapshot";
inline constexpr std::string_view deleted_suffix = ".deleted";
inline constexpr std::string_view cleaned_suffix = ".cleaned";
inline constexpr std::string_view swap_suffix = ".swap";
inline constexpr std::string_view leader_epoch_checkpoint_name = "leader-epoch-checkpoint";

// "00000000000000001234" for 1234.
std::string offset_file_prefix(int64_t offset);

// <dir>/<20 digits><suffix>
std::string segment_file_path(const std::string& dir, int64_t base_offset, std::string_view suffix);

// The base offset of a file named <20 digits><suffix>[extra], when the name has that shape
// (exactly 20 digits before the first '.'), else nullopt.
std::optional<int64_t> offset_from_file_name(std::string_view name);

}  // namespace samsa::log
