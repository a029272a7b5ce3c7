// A memory-mapped file of fixed-size, big-endian entries: what the offset index and the time
// index share (Kafka's AbstractIndex). A new index file is preallocated to max_bytes (rounded
// down to whole entries), so appends write into the mapping without growing the file; the
// file is trimmed to its entries when its segment stops being active and on a clean close.
// An existing file is opened with one entry per entry_size bytes it holds.
//
// Threads: every member takes the index's mutex, so lookups from fetch threads may run while
// the appending thread adds entries or the index is resized. Entries are read and written
// only under the mutex; the mapping never changes while a caller holds a pointer into it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace samsa::log {

class index_file {
  public:
    index_file(size_t entry_size, int64_t base_offset)
        : entry_size_(entry_size), base_(base_offset) {}
    ~index_file();
    index_file(const index_file&) = delete;
    index_file& operator=(const index_file&) = delete;

    // Opens (create: makes and preallocates to max_bytes) and maps the file.
    std::optional<std::string> open(const std::string& path, int32_t max_bytes, bool create);

    int64_t base_offset() const { return base_; }
    size_t entries() const;
    size_t max_entries() const;
    size_t size_bytes() const;  // entries * entry size
    size_t file_bytes() const;  // the mapped (file) length
    std::string path() const;

    std::optional<std::string> resize(size_t bytes);  // rounded down to whole entries
    std::optional<std::string> trim();                // to exactly the entries held
    std::optional<std::string> reset();               // no entries, full preallocated size
    std::optional<std::string> flush() const;         // msync
    std::optional<std::string> rename(const std::string& new_path);
    void close();  // unmaps; the file stays

  protected:
    // Under mutex_: the bytes of entry n (n < capacity).
    uint8_t* slot(size_t n) const { return map_ + n * entry_size_; }
    size_t entries_locked() const { return entries_; }
    bool full_locked(size_t reserve) const { return entries_ + reserve >= max_entries_; }
    void push_locked() { ++entries_; }
    void truncate_locked(size_t n) { entries_ = n; }
    // Under mutex_: the number of leading entries n for which at_or_before(n) holds (a binary
    // search: entries are sorted, so it holds for a prefix). The floor entry is the one before.
    template <class AtOrBefore>
    size_t count_at_or_before_locked(AtOrBefore at_or_before) const {
        size_t lo = 0;
        size_t hi = entries_;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (at_or_before(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
    std::optional<std::string> resize_locked(size_t bytes);
    int32_t max_bytes_locked() const { return max_bytes_; }
    // Whether the file held whole entries when it was opened (Kafka's sanity check).
    bool whole_entries_locked() const { return whole_; }

    mutable std::mutex mutex_;

  private:
    const size_t entry_size_;
    const int64_t base_;
    std::string path_;
    uint8_t* map_ = nullptr;
    size_t mapped_ = 0;
    size_t entries_ = 0;
    size_t max_entries_ = 0;
    int32_t max_bytes_ = 0;
    bool whole_ = true;
};

}  // namespace samsa::log
