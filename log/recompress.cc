#include "log/recompress.h"

#include <vector>

#include "protocol/records/record.h"
#include "protocol/records/record_batch_builder.h"

namespace samsa::log {

namespace proto = protocol;

void rebuild_batch(const proto::record_batch_view& batch, proto::bytes_view records,
                   proto::compression_codec target, proto::byte_buffer& out) {
    proto::batch_options o;
    o.codec = target;
    o.producer_id = batch.producer_id();
    o.producer_epoch = batch.producer_epoch();
    o.base_sequence = batch.base_sequence();
    o.transactional = batch.is_transactional();
    o.control = batch.is_control();
    proto::record_batch_builder builder(o);
    std::vector<proto::record_header_input> headers;  // reused for every record
    proto::record_reader reader(records, batch.records_count());
    proto::record_view rec;
    while (reader.next(rec))
        add_record_of(builder, batch, rec, headers, false);
    builder.finish(out);
}

void add_record_of(proto::record_batch_builder& builder, const proto::record_batch_view& batch,
                   const proto::record_view& rec, std::vector<proto::record_header_input>& headers,
                   bool keep_offset_delta) {
    headers.clear();
    proto::header_reader hr(rec);
    proto::record_header_view h;
    while (hr.next(h))
        headers.push_back({proto::as_chars(h.key), h.value});
    builder.add({.timestamp = proto::record_timestamp(batch, rec),
                 .key = rec.key,
                 .value = rec.value,
                 .headers = headers,
                 .offset_delta =
                     keep_offset_delta ? std::optional<int32_t>(rec.offset_delta) : std::nullopt});
}

}  // namespace samsa::log
