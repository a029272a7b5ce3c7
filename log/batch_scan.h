// Reading record batches back out of a segment file: their headers (to find an offset, a
// timestamp or the end of a log) and, when a caller needs them, whole batches.
//
// Stateless functions over a segment_file; safe from any thread (positional reads).
#pragma once

#include <cstdint>

#include "log/segment_file.h"
#include "protocol/records/record_batch.h"
#include "protocol/wire/bytes.h"

namespace samsa::log {

// The v2 header fields of a batch in a file, and where it lies.
struct batch_header {
    uint64_t position = 0;  // of the batch in the file
    uint32_t size = 0;      // whole batch: 12 + batchLength
    int64_t base_offset = 0;
    int64_t last_offset = 0;
    int32_t leader_epoch = -1;
    int8_t magic = 2;
    uint16_t attributes = 0;
    int64_t max_timestamp = -1;
    int64_t producer_id = -1;
    int16_t producer_epoch = -1;
    int32_t base_sequence = -1;
    int32_t records_count = 0;

    bool is_control() const { return (attributes & protocol::batch_attr::control) != 0; }
    bool is_transactional() const {
        return (attributes & protocol::batch_attr::transactional) != 0;
    }
    int64_t next_offset() const { return last_offset + 1; }
};

enum class scan_status : uint8_t {
    ok,         // a batch header that fits before `end`
    end,        // pos == end
    truncated,  // fewer bytes than the header or the batch claims
    corrupt,    // a length below the v2 minimum or a magic other than 2, or an I/O error
};

// Reads the header of the batch at pos, where the file's readable bytes end at end.
scan_status read_batch_header(const segment_file& file, uint64_t pos, uint64_t end,
                              batch_header& out);

// Parses a v2 batch header from memory (the batch must be complete, as read_batch checks).
batch_header header_of(const protocol::record_batch_view& batch, uint64_t position);

// Reads the whole batch at pos into buf (resized) when read_batch_header says ok.
bool read_whole_batch(const segment_file& file, const batch_header& h, protocol::byte_buffer& buf);

}  // namespace samsa::log
