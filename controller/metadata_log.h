// The controller's durable history: every metadata change, as Kafka record batches in
// <metadata.log.dir>/__cluster_metadata-0/00000000000000000000.log, the layout of Kafka's
// own KRaft metadata log (docs/formats/metadata-log.md). One batch holds the records of one
// change, so a change is replayed all or nothing. Each record's value is a framed metadata
// record (metadata_records.h); keys are null.
//
// Not thread-safe: owned by the controller and used only on its executor.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <variant>

#include "controller/metadata_records.h"

namespace samsa::controller {

class metadata_log {
  public:
    using replay_fn = std::function<void(const metadata_record&, int64_t offset)>;

    // Opens the log (creating its directory and file), replays every complete batch whose
    // CRC holds, in order, and truncates whatever follows the last one: a write torn by a
    // crash. The error says what could not be done, with the path.
    static std::variant<std::unique_ptr<metadata_log>, std::string> open(const std::string& dir,
                                                                         const replay_fn& replay);
    ~metadata_log();
    metadata_log(const metadata_log&) = delete;
    metadata_log& operator=(const metadata_log&) = delete;

    // Appends the records as one batch and waits until it is on disk. Returns the offset
    // of the last record, or an error (the log is then unusable and the change not made).
    std::variant<int64_t, std::string> append(std::span<const metadata_record> records);

    int64_t next_offset() const { return next_offset_; }
    const std::string& path() const { return path_; }

  private:
    metadata_log(int fd, std::string path, int64_t next_offset, uint64_t size)
        : fd_(fd), path_(std::move(path)), next_offset_(next_offset), size_(size) {}

    int fd_;
    std::string path_;
    int64_t next_offset_;
    uint64_t size_;
};

}  // namespace samsa::controller
