// Rebuilding a batch whose records must be re-encoded: the topic's compression.type differs
// from the producer's codec, or a compressed batch's inner offsets are not 0..n-1. The new
// batch keeps every record's timestamp, key, value and headers, the producer id, epoch, base
// sequence and the transactional bit, and gets offset deltas 0..n-1 and the target codec
// (at its default level). Its base offset is 0 and its leader epoch -1 until assigned.
//
// Pure; thread-safe.
#pragma once

#include <vector>

#include "protocol/records/compression.h"
#include "protocol/records/record.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_batch_builder.h"
#include "protocol/wire/bytes.h"

namespace samsa::log {

// records: the batch's uncompressed records (already checked by record_reader). Appends the
// new batch to out.
// Adds rec, a record of batch, to builder: its timestamp, key, value and headers, and its
// own offsetDelta when keep_offset_delta (the log cleaner), else the next in sequence.
// headers is scratch space, reused across calls.
void add_record_of(protocol::record_batch_builder& builder,
                   const protocol::record_batch_view& batch, const protocol::record_view& rec,
                   std::vector<protocol::record_header_input>& headers, bool keep_offset_delta);

void rebuild_batch(const protocol::record_batch_view& batch, protocol::bytes_view records,
                   protocol::compression_codec target, protocol::byte_buffer& out);

}  // namespace samsa::log
