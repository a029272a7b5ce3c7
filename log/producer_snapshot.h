// Producer-state snapshot files (<offset>.snapshot), Kafka's format: int16 version (1), uint32
// CRC-32C of everything after the CRC, then the ProducerSnapshot v1 body (an int32 count of
// entries, each producer id, epoch, last sequence, last offset, offset delta, timestamp,
// coordinator epoch and current transaction first offset). docs/formats/producer-snapshot.md.
// A snapshot named N holds the state of the producers after every batch below offset N; it
// keeps each producer's last batch only, so after a restart only that batch is deduplicated
// until the producer writes again (as in Kafka).
//
// Stateless functions; thread-safe for distinct paths.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "log/producer_state.h"
#include "protocol/wire/bytes.h"

namespace samsa::log {

// The file's bytes for the producers in state.
protocol::byte_buffer encode_producer_snapshot(const producer_state& state);
// The entries of a snapshot file's bytes, or why they are corrupt.
std::variant<std::vector<producer_entry>, std::string> decode_producer_snapshot(
    protocol::bytes_view data);

// Writes <dir>/<offset>.snapshot (fsynced when sync).
std::optional<std::string> write_producer_snapshot(const std::string& dir, int64_t offset,
                                                   const producer_state& state, bool sync);
std::variant<std::vector<producer_entry>, std::string> read_producer_snapshot(
    const std::string& path);
// The offsets of the <offset>.snapshot files in dir, ascending.
std::vector<int64_t> list_producer_snapshots(const std::string& dir);

}  // namespace samsa::log
