// Rebuilding a batch whose records must be re-encoded: the topic's compression.type differs
// from the producer's codec, or a compressed batch's inner offsets are not 0..n-1. The new
// batch keeps every record's timestamp, key, value and headers, the producer id, epoch, base
// sequence and the transactional bit, and gets offset deltas 0..n-1 and the target codec
// (at its default level). Its base offset is 0 and its leader epoch -1 until assigned.
//
// Pure; thread-safe.
#pragma once

#include "protocol/records/compression.h"
#include "protocol/records/record_batch.h"
#include "protocol/wire/bytes.h"

namespace samsa::log {

// records: the batch's uncompressed records (already checked by record_reader). Appends the
// new batch to out.
void rebuild_batch(const protocol::record_batch_view& batch, protocol::bytes_view records,
                   protocol::compression_codec target, protocol::byte_buffer& out);

}  // namespace samsa::log
