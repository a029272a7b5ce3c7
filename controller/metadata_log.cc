#include "controller/metadata_log.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <vector>

#include "protocol/records/record.h"
#include "protocol/records/record_batch_builder.h"

namespace samsa::controller {
namespace {

std::string errno_text(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::variant<protocol::byte_buffer, std::string> read_all(int fd, const std::string& path) {
    struct stat st {};
    if (fstat(fd, &st) != 0) return errno_text("cannot stat", path);
    protocol::byte_buffer data(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n =
            pread(fd, data.data() + done, data.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return errno_text("cannot read", path);
        done += static_cast<size_t>(n);
    }
    return data;
}

// Replays one batch; false when a record in it cannot be decoded.
bool replay_batch(const protocol::record_batch_view& batch, const metadata_log::replay_fn& replay) {
    protocol::record_reader reader(batch.records_data(), batch.records_count());
    protocol::record_view r;
    std::vector<std::pair<metadata_record, int64_t>> records;
    while (reader.next(r)) {
        if (!r.value) return false;
        auto record = decode_metadata_record(*r.value);
        if (!record) return false;
        records.emplace_back(std::move(*record), protocol::record_offset(batch, r));
    }
    if (reader.error() != protocol::decode_errc::none) return false;
    for (const auto& [record, offset] : records)
        replay(record, offset);
    return true;
}

}  // namespace

std::variant<std::unique_ptr<metadata_log>, std::string> metadata_log::open(
    const std::string& dir, const replay_fn& replay) {
    const std::filesystem::path folder = std::filesystem::path(dir) / "__cluster_metadata-0";
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) return "cannot create " + folder.string() + ": " + ec.message();
    const std::string path = (folder / "00000000000000000000.log").string();
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return errno_text("cannot open", path);
    auto data = read_all(fd, path);
    if (auto* e = std::get_if<std::string>(&data)) {
        ::close(fd);
        return *e;
    }
    const auto& bytes = std::get<protocol::byte_buffer>(data);
    protocol::batch_reader batches(bytes);
    int64_t next_offset = 0;
    size_t valid_end = 0;
    for (;;) {
        const protocol::batch_result b = batches.next();
        if (b.status != protocol::batch_status::ok || !b.batch.verify_crc()
            || b.batch.base_offset() != next_offset || !replay_batch(b.batch, replay)) {
            break;
        }
        next_offset = b.batch.last_offset() + 1;
        valid_end = batches.position();
    }
    if (valid_end < bytes.size()) {
        spdlog::warn(
            "metadata log {}: discarding {} bytes after offset {} (an incomplete or corrupt "
            "write)",
            path, bytes.size() - valid_end, next_offset);
        if (ftruncate(fd, static_cast<off_t>(valid_end)) != 0 || fsync(fd) != 0) {
            const std::string e = errno_text("cannot truncate", path);
            ::close(fd);
            return e;
        }
    }
    return std::unique_ptr<metadata_log>(new metadata_log(fd, path, next_offset, valid_end));
}

metadata_log::~metadata_log() {
    ::close(fd_);
}

std::variant<int64_t, std::string> metadata_log::append(std::span<const metadata_record> records) {
    protocol::batch_options options;
    options.base_offset = next_offset_;
    options.partition_leader_epoch = 0;
    protocol::record_batch_builder builder(options);
    const int64_t now = now_ms();
    std::vector<protocol::byte_buffer> values;
    values.reserve(records.size());
    for (const auto& record : records) {
        values.push_back(encode_metadata_record(record));
        builder.add(
            {.timestamp = now, .key = std::nullopt, .value = protocol::bytes_view(values.back())});
    }
    protocol::byte_buffer batch;
    builder.finish(batch);
    size_t done = 0;
    while (done < batch.size()) {
        const ssize_t n =
            pwrite(fd_, batch.data() + done, batch.size() - done, static_cast<off_t>(size_ + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return errno_text("cannot write", path_);
        done += static_cast<size_t>(n);
    }
    if (fdatasync(fd_) != 0) return errno_text("cannot sync", path_);
    size_ += batch.size();
    next_offset_ += static_cast<int64_t>(records.size());
    return next_offset_ - 1;
}

}  // namespace samsa::controller
