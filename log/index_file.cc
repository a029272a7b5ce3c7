#include "log/index_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace samsa::log {
namespace {

std::string os_error(const char* what, const std::string& path) {
    return std::string(what) + " " + path + ": " + std::strerror(errno);
}

// Maps length bytes of fd shared, read-write, or returns nullptr. No read-ahead: an index is
// read by binary search and written an entry at a time, and a fault on a fresh (sparse) index
// would otherwise fill a whole read-ahead window of zero pages, for every index of every
// partition written to.
uint8_t* map_index(int fd, size_t length) {
    void* m = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) return nullptr;
    ::madvise(m, length, MADV_RANDOM);
    return static_cast<uint8_t*>(m);
}

}  // namespace

index_file::~index_file() {
    close();
}

std::optional<std::string> index_file::open(const std::string& path, int32_t max_bytes,
                                            bool create) {
    std::lock_guard lock(mutex_);
    path_ = path;
    max_bytes_ = max_bytes;
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0644);
    if (fd < 0) return os_error("cannot open", path);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        std::string e = os_error("cannot stat", path);
        ::close(fd);
        return e;
    }
    size_t length = static_cast<size_t>(st.st_size);
    whole_ = length % entry_size_ == 0;
    const bool fresh = create && length == 0;
    if (fresh) {
        if (static_cast<size_t>(max_bytes) < entry_size_) {
            ::close(fd);
            return "invalid max index size " + std::to_string(max_bytes) + " for " + path;
        }
        length = static_cast<size_t>(max_bytes) / entry_size_ * entry_size_;
        if (::ftruncate(fd, static_cast<off_t>(length)) != 0) {
            std::string e = os_error("cannot size", path);
            ::close(fd);
            return e;
        }
    }
    if (length > 0) {
        map_ = map_index(fd, length);
        if (map_ == nullptr) {
            std::string e = os_error("cannot map", path);
            ::close(fd);
            return e;
        }
    }
    ::close(fd);
    mapped_ = length;
    max_entries_ = length / entry_size_;
    entries_ = fresh ? 0 : max_entries_;
    return std::nullopt;
}

void index_file::close() {
    std::lock_guard lock(mutex_);
    if (map_ != nullptr) ::munmap(map_, mapped_);
    map_ = nullptr;
    mapped_ = 0;
    max_entries_ = 0;
}

size_t index_file::entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
}

size_t index_file::max_entries() const {
    std::lock_guard lock(mutex_);
    return max_entries_;
}

size_t index_file::size_bytes() const {
    std::lock_guard lock(mutex_);
    return entries_ * entry_size_;
}

size_t index_file::file_bytes() const {
    std::lock_guard lock(mutex_);
    return mapped_;
}

std::string index_file::path() const {
    std::lock_guard lock(mutex_);
    return path_;
}

std::optional<std::string> index_file::resize(size_t bytes) {
    std::lock_guard lock(mutex_);
    return resize_locked(bytes);
}

std::optional<std::string> index_file::resize_locked(size_t bytes) {
    const size_t length = bytes / entry_size_ * entry_size_;
    if (length == mapped_) return std::nullopt;
    const int fd = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return os_error("cannot open", path_);
    if (::ftruncate(fd, static_cast<off_t>(length)) != 0) {
        std::string e = os_error("cannot resize", path_);
        ::close(fd);
        return e;
    }
    uint8_t* m = nullptr;
    if (length > 0) {
        m = map_index(fd, length);
        if (m == nullptr) {
            std::string e = os_error("cannot map", path_);
            ::close(fd);
            return e;
        }
    }
    ::close(fd);
    if (map_ != nullptr) ::munmap(map_, mapped_);
    map_ = m;
    mapped_ = length;
    max_entries_ = length / entry_size_;
    if (entries_ > max_entries_) entries_ = max_entries_;
    return std::nullopt;
}

std::optional<std::string> index_file::trim() {
    std::lock_guard lock(mutex_);
    return resize_locked(entries_ * entry_size_);
}

std::optional<std::string> index_file::reset() {
    std::lock_guard lock(mutex_);
    entries_ = 0;
    return resize_locked(static_cast<size_t>(max_bytes_));
}

std::optional<std::string> index_file::flush() const {
    std::lock_guard lock(mutex_);
    if (map_ != nullptr && ::msync(map_, mapped_, MS_SYNC) != 0)
        return os_error("cannot sync", path_);
    return std::nullopt;
}

std::optional<std::string> index_file::rename(const std::string& new_path) {
    std::lock_guard lock(mutex_);
    if (std::rename(path_.c_str(), new_path.c_str()) != 0) {
        return std::string("cannot rename ") + path_ + ": " + std::strerror(errno);
    }
    path_ = new_path;
    return std::nullopt;
}

}  // namespace samsa::log
