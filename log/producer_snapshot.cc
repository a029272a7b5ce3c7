#include "log/producer_snapshot.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "log/file_names.h"
#include "protocol/messages/producer_snapshot.h"
#include "protocol/records/big_endian.h"
#include "protocol/records/crc32c.h"
#include "protocol/wire/reader.h"
#include "protocol/wire/writer.h"

namespace samsa::log {

namespace proto = protocol;

namespace {

constexpr int16_t snapshot_version = 1;
constexpr size_t crc_offset = 2;
constexpr size_t entries_offset = 6;

}  // namespace

proto::byte_buffer encode_producer_snapshot(const producer_state& state) {
    proto::producer_snapshot snap;
    snap.producer_entries.reserve(state.producers().size());
    for (const auto& [id, e] : state.producers()) {
        proto::producer_snapshot::producer_entry pe;
        pe.producer_id = id;
        pe.epoch = e.epoch;
        pe.last_sequence = e.last_seq();
        pe.last_offset = e.last_data_offset();
        pe.offset_delta = e.last_offset_delta();
        pe.timestamp = e.last_timestamp;
        pe.coordinator_epoch = e.coordinator_epoch;
        pe.current_txn_first_offset = e.current_txn_first_offset.value_or(-1);
        snap.producer_entries.push_back(pe);
    }
    proto::byte_buffer out(2 + snap.encoded_size(snapshot_version));
    proto::writer w(out.data(), out.data() + out.size());
    w.write_int16(snapshot_version);
    snap.encode(w, snapshot_version);
    const uint32_t crc = proto::crc32c(proto::bytes_view(out).subspan(entries_offset));
    proto::be::store32(out.data() + crc_offset, crc);
    return out;
}

std::variant<std::vector<producer_entry>, std::string> decode_producer_snapshot(
    proto::bytes_view data) {
    proto::reader r(data);
    const int16_t version = r.read_int16();
    if (!r.ok()) return std::string("snapshot too short");
    if (version != snapshot_version) {
        return "snapshot contained an unknown file version " + std::to_string(version);
    }
    proto::producer_snapshot snap;
    snap.decode(r, version);
    if (!r.ok() || r.remaining() != 0) return std::string("snapshot failed schema validation");
    const uint32_t computed = proto::crc32c(data.subspan(entries_offset));
    if (computed != snap.crc) {
        return "snapshot is corrupt (CRC is no longer valid). Stored crc: "
               + std::to_string(snap.crc) + ". Computed crc: " + std::to_string(computed);
    }
    std::vector<producer_entry> out;
    out.reserve(snap.producer_entries.size());
    for (const auto& pe : snap.producer_entries) {
        producer_entry e;
        e.producer_id = pe.producer_id;
        e.epoch = pe.epoch;
        e.coordinator_epoch = pe.coordinator_epoch;
        e.last_timestamp = pe.timestamp;
        if (pe.current_txn_first_offset >= 0)
            e.current_txn_first_offset = pe.current_txn_first_offset;
        if (pe.last_offset >= 0) {
            e.batches.push_back({pe.last_sequence, pe.last_offset, pe.offset_delta, pe.timestamp});
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::optional<std::string> write_producer_snapshot(const std::string& dir, int64_t offset,
                                                   const producer_state& state, bool sync) {
    const std::string path = segment_file_path(dir, offset, snapshot_suffix);
    const proto::byte_buffer bytes = encode_producer_snapshot(state);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return "cannot create " + path + ": " + std::strerror(errno);
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            std::string e = "cannot write " + path + ": " + std::strerror(errno);
            ::close(fd);
            return e;
        }
        done += static_cast<size_t>(n);
    }
    const bool ok = !sync || ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return "cannot sync " + path;
    return std::nullopt;
}

std::variant<std::vector<producer_entry>, std::string> read_producer_snapshot(
    const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "cannot read " + path;
    const proto::byte_buffer bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
    return decode_producer_snapshot(bytes);
}

std::vector<int64_t> list_producer_snapshots(const std::string& dir) {
    std::vector<int64_t> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (!name.ends_with(snapshot_suffix)) continue;
        if (auto off = offset_from_file_name(name)) out.push_back(*off);
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace samsa::log
