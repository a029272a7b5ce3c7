// One open .log file of a segment: the file descriptor every read, write and sendfile uses.
//
// Lifetime: shared. The partition log holds it while the segment is in the log; a fetch
// response holds it (through file_range) until the bytes are sent. Deleting a segment renames
// and later unlinks its files, but the descriptor stays open, and readable, until the last
// holder lets go: a reader never sees a deleted segment vanish under it.
//
// Threads: pread/pwrite/sync may run concurrently from any thread (they are positional).
// rename() and path() are serialized by an internal mutex.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

#include "protocol/wire/bytes.h"

namespace samsa::log {

class segment_file {
  public:
    // Opens path read-write, creating it when create is set (failing if it exists then).
    // preallocate_bytes > 0 sizes a new file up front (config preallocate).
    static std::variant<std::shared_ptr<segment_file>, std::string> open(
        const std::string& path, bool create, uint64_t preallocate_bytes = 0);
    ~segment_file();
    segment_file(const segment_file&) = delete;
    segment_file& operator=(const segment_file&) = delete;

    int fd() const { return fd_; }
    std::string path() const;
    // The size of the file on disk (fstat), or 0 if it cannot be read.
    uint64_t disk_size() const;
    // The file's last modification time in ms since the epoch (what Kafka's retention falls
    // back to for segments without timestamps).
    int64_t last_modified_ms() const;

    // Writes all of data at pos. Returns an error message, or nullopt.
    std::optional<std::string> write_at(protocol::bytes_view data, uint64_t pos);
    // Reads up to n bytes at pos; returns the count read (short only at the end of the file),
    // or -1 on an I/O error.
    int64_t read_at(uint8_t* dst, size_t n, uint64_t pos) const;
    std::optional<std::string> sync() const;  // fdatasync
    std::optional<std::string> truncate(uint64_t size);
    std::optional<std::string> rename(const std::string& new_path);

  private:
    segment_file(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

    int fd_;
    mutable std::mutex mutex_;
    std::string path_;
};

}  // namespace samsa::log
