// Fuzz target: splits the input into record batches, checks CRCs, decompresses each batch
// under a small bound, and reads every record, header and control record. Any crash,
// sanitizer report or broken invariant (abort) is a finding; malformed input is not.
#include <cstdint>
#include <cstdlib>

#include "protocol/records/record.h"
#include "protocol/records/record_batch.h"

namespace {

using namespace samsa::protocol;

constexpr size_t max_decompressed = 256 << 10;

// Touches every byte a consumer would look at, so the sanitizers see every read.
size_t read_records(const record_batch_view& batch, bytes_view records) {
    size_t seen = 0;
    record_reader reader(records, batch.records_count());
    record_view r;
    while (reader.next(r)) {
        seen += (r.key ? r.key->size() : 0) + (r.value ? r.value->size() : 0);
        seen += static_cast<size_t>(record_offset(batch, r) ^ record_timestamp(batch, r)) & 1;
        header_reader headers(r);
        record_header_view h;
        int32_t n = 0;
        while (headers.next(h)) {
            seen += h.key.size() + (h.value ? h.value->size() : 0);
            ++n;
        }
        if (n != r.header_count) std::abort();  // the reader checked them all
        if (batch.is_control()) {
            control_record_key key;
            end_txn_marker marker;
            if (parse_control_record_key(r.key, key) == decode_errc::none) seen += key.type & 1;
            if (parse_end_txn_marker(r.value, marker) == decode_errc::none)
                seen += marker.version & 1;
        }
    }
    if (reader.error() == decode_errc::none && reader.records_read() != batch.records_count()) {
        std::abort();  // a clean end must mean every counted record was read
    }
    return seen;
}

void check_edits(const record_batch_view& batch) {
    byte_buffer copy(batch.data().begin(), batch.data().end());
    set_base_offset(copy, 12345);
    set_partition_leader_epoch(copy, 6);
    set_max_timestamp(copy, timestamp_type::log_append_time, 777);
    const batch_result again = read_batch(copy);
    if (again.status != batch_status::ok || !again.batch.verify_crc()) std::abort();
    if (again.batch.base_offset() != 12345 || again.batch.max_timestamp() != 777) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    batch_reader reader(bytes_view(data, size));
    byte_buffer scratch;
    volatile size_t sink = 0;
    for (;;) {
        const batch_result r = reader.next();
        if (r.status != batch_status::ok) break;
        const record_batch_view& batch = r.batch;
        if (batch.size() != batch_log_overhead + static_cast<size_t>(batch.batch_length())) {
            std::abort();
        }
        // Fuzzed CRCs rarely match; read the records either way to reach the decoders.
        sink = sink + (batch.verify_crc() ? 1 : 0) + static_cast<size_t>(batch.last_offset() & 1);
        check_edits(batch);
        bytes_view records;
        if (batch_records(batch, scratch, max_decompressed, records) != decode_errc::none) continue;
        if (records.size() > max_decompressed && batch.compression() != compression_codec::none) {
            std::abort();
        }
        sink = sink + read_records(batch, records);
    }
    return 0;
}
