#include "log/file_util.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace samsa::log {

bool sync_directory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

std::optional<std::string> write_file_atomically(const std::string& path,
                                                 std::string_view contents) {
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return "cannot create " + tmp + ": " + std::strerror(errno);
    size_t done = 0;
    while (done < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string e = "cannot write " + tmp + ": " + std::strerror(errno);
            ::close(fd);
            return e;
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0) {
        const std::string e = "cannot sync " + tmp + ": " + std::strerror(errno);
        ::close(fd);
        return e;
    }
    ::close(fd);
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        return "cannot rename " + tmp + ": " + std::strerror(errno);
    }
    sync_directory(std::filesystem::path(path).parent_path().string());
    return std::nullopt;
}

}  // namespace samsa::log
