#include "log/segment_file.h"

#include <fcntl.h>
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

}  // namespace

std::variant<std::shared_ptr<segment_file>, std::string> segment_file::open(
    const std::string& path, bool create, uint64_t preallocate_bytes) {
    const int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0);
    const int fd = ::open(path.c_str(), flags, 0644);
    if (fd < 0) return os_error(create ? "cannot create" : "cannot open", path);
    if (create && preallocate_bytes > 0
        && ::ftruncate(fd, static_cast<off_t>(preallocate_bytes)) != 0) {
        std::string e = os_error("cannot preallocate", path);
        ::close(fd);
        return e;
    }
    return std::shared_ptr<segment_file>(new segment_file(fd, path));
}

segment_file::~segment_file() {
    ::close(fd_);
}

std::string segment_file::path() const {
    std::lock_guard lock(mutex_);
    return path_;
}

uint64_t segment_file::disk_size() const {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return 0;
    return static_cast<uint64_t>(st.st_size);
}

int64_t segment_file::last_modified_ms() const {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return 0;
    return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

std::optional<std::string> segment_file::write_at(protocol::bytes_view data, uint64_t pos) {
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n =
            ::pwrite(fd_, data.data() + done, data.size() - done, static_cast<off_t>(pos + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return os_error("cannot write", path());
        done += static_cast<size_t>(n);
    }
    return std::nullopt;
}

int64_t segment_file::read_at(uint8_t* dst, size_t n, uint64_t pos) const {
    size_t done = 0;
    while (done < n) {
        const ssize_t r = ::pread(fd_, dst + done, n - done, static_cast<off_t>(pos + done));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return -1;
        if (r == 0) break;
        done += static_cast<size_t>(r);
    }
    return static_cast<int64_t>(done);
}

std::optional<std::string> segment_file::sync() const {
    if (::fdatasync(fd_) != 0) return os_error("cannot sync", path());
    return std::nullopt;
}

std::optional<std::string> segment_file::truncate(uint64_t size) {
    if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) return os_error("cannot truncate", path());
    return std::nullopt;
}

std::optional<std::string> segment_file::rename(const std::string& new_path) {
    std::lock_guard lock(mutex_);
    if (std::rename(path_.c_str(), new_path.c_str()) != 0) {
        return std::string("cannot rename ") + path_ + " to " + new_path + ": "
               + std::strerror(errno);
    }
    path_ = new_path;
    return std::nullopt;
}

}  // namespace samsa::log
