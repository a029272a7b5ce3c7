#include "log/producer_state.h"

#include <limits>

#include "protocol/records/record.h"

namespace samsa::log {

namespace {

constexpr int32_t int_max = std::numeric_limits<int32_t>::max();

bool in_sequence(int32_t last_seq, int32_t next_seq) {
    return int64_t{next_seq} == int64_t{last_seq} + 1 || (next_seq == 0 && last_seq == int_max);
}

// The end-transaction marker of a control batch, if it carries one.
void read_marker(const protocol::record_batch_view& b, producer_batch& pb) {
    namespace proto = protocol;
    proto::byte_buffer scratch;
    proto::bytes_view records;
    if (proto::batch_records(b, scratch, 1u << 20, records) != proto::decode_errc::none) return;
    proto::record_reader reader(records, b.records_count());
    proto::record_view rec;
    if (!reader.next(rec)) return;
    proto::control_record_key key;
    proto::end_txn_marker marker;
    if (proto::parse_control_record_key(rec.key, key) != proto::decode_errc::none) return;
    if (key.type != static_cast<int16_t>(proto::control_record_type::abort)
        && key.type != static_cast<int16_t>(proto::control_record_type::commit)) {
        return;
    }
    if (proto::parse_end_txn_marker(rec.value, marker) != proto::decode_errc::none) return;
    pb.control = true;
    pb.abort = key.type == static_cast<int16_t>(proto::control_record_type::abort);
    pb.coordinator_epoch = marker.coordinator_epoch;
    pb.marker_timestamp = proto::record_timestamp(b, rec);
}

}  // namespace

producer_batch producer_batch_of(const protocol::record_batch_view& b) {
    producer_batch pb;
    pb.producer_id = b.producer_id();
    pb.epoch = b.producer_epoch();
    pb.base_sequence = b.base_sequence();
    pb.last_sequence = b.base_sequence() == no_sequence
                           ? no_sequence
                           : increment_sequence(b.base_sequence(), b.last_offset_delta());
    pb.first_offset = b.base_offset();
    pb.last_offset = b.last_offset();
    pb.max_timestamp = b.max_timestamp();
    pb.transactional = b.is_transactional();
    if (b.is_control()) read_marker(b, pb);
    return pb;
}

int32_t increment_sequence(int32_t sequence, int32_t increment) {
    if (sequence > int_max - increment) return increment - (int_max - sequence) - 1;
    return sequence + increment;
}

int32_t decrement_sequence(int32_t sequence, int32_t decrement) {
    if (sequence < decrement) return int_max - (decrement - sequence) + 1;
    return sequence - decrement;
}

void producer_entry::set_epoch(int16_t e) {
    if (epoch == e) return;
    batches.clear();
    epoch = e;
}

void producer_entry::add_batch(int16_t e, const batch_metadata& b) {
    set_epoch(e);
    if (batches.size() == batches_to_retain) batches.erase(batches.begin());
    if (batches.capacity() < batches_to_retain) batches.reserve(batches_to_retain);
    batches.push_back(b);
    last_timestamp = b.timestamp;
}

const producer_entry* producer_state::find(int64_t producer_id) const {
    const auto it = producers_.find(producer_id);
    return it == producers_.end() ? nullptr : &it->second;
}

std::optional<batch_metadata> producer_state::find_duplicate(const producer_batch& b) const {
    const producer_entry* e = find(b.producer_id);
    if (e == nullptr || e->epoch != b.epoch) return std::nullopt;
    for (const batch_metadata& m : e->batches) {
        if (m.first_seq() == b.base_sequence && m.last_seq == b.last_sequence) return m;
    }
    return std::nullopt;
}

producer_check producer_state::check(const producer_batch& b, append_origin origin) const {
    if (origin == append_origin::replication) return {};
    const producer_entry* found = find(b.producer_id);
    producer_entry empty;
    empty.producer_id = b.producer_id;
    const producer_entry& e = found != nullptr ? *found : empty;
    // Built only for an error: the common path allocates nothing.
    const auto where = [&] {
        return " at offset " + std::to_string(b.first_offset) + " in " + tp_;
    };
    if (b.epoch < e.epoch) {
        return {errc::invalid_producer_epoch, "Epoch of producer " + std::to_string(b.producer_id)
                                                  + where() + " is " + std::to_string(b.epoch)
                                                  + ", which is smaller than the last seen epoch "
                                                  + std::to_string(e.epoch)};
    }
    if (b.control) {
        if (e.coordinator_epoch > b.coordinator_epoch) {
            return {errc::transaction_coordinator_fenced,
                    "Invalid coordinator epoch for producerId " + std::to_string(b.producer_id)
                        + where() + ": " + std::to_string(b.coordinator_epoch) + " (zombie), "
                        + std::to_string(e.coordinator_epoch) + " (current)"};
        }
        return {};
    }
    if (origin == append_origin::client) {
        if (b.epoch != e.epoch) {
            if (b.base_sequence != 0 && e.epoch != no_producer_epoch) {
                return {errc::out_of_order_sequence,
                        "Invalid sequence number for new epoch of producer "
                            + std::to_string(b.producer_id) + where() + ": "
                            + std::to_string(b.epoch) + " (request epoch), "
                            + std::to_string(b.base_sequence) + " (seq. number), "
                            + std::to_string(e.epoch) + " (current producer epoch)"};
            }
        } else {
            const int32_t last = e.last_seq();
            if (!(e.epoch == no_producer_epoch || in_sequence(last, b.base_sequence))) {
                return {errc::out_of_order_sequence,
                        "Out of order sequence number for producer " + std::to_string(b.producer_id)
                            + where() + ": " + std::to_string(b.base_sequence)
                            + " (incoming seq. number), " + std::to_string(last)
                            + " (current end sequence number)"};
            }
        }
    }
    if (e.current_txn_first_offset && !b.transactional) {
        return {errc::invalid_txn_state, "Expected transactional write from producer "
                                             + std::to_string(b.producer_id) + where()};
    }
    return {};
}

std::optional<completed_txn> producer_state::apply(const producer_batch& b) {
    auto [it, inserted] = producers_.try_emplace(b.producer_id);
    producer_entry& e = it->second;
    if (inserted) e.producer_id = b.producer_id;
    if (b.control) {
        std::optional<completed_txn> done;
        if (e.current_txn_first_offset) {
            done =
                completed_txn{b.producer_id, *e.current_txn_first_offset, b.first_offset, b.abort};
            ongoing_.erase(*e.current_txn_first_offset);
            unreplicated_[done->first_offset] = *done;
        }
        e.set_epoch(b.epoch);
        e.coordinator_epoch = b.coordinator_epoch;
        e.current_txn_first_offset.reset();
        e.last_timestamp = b.marker_timestamp;
        return done;
    }
    const int32_t delta = static_cast<int32_t>(b.last_offset - b.first_offset);
    e.add_batch(b.epoch, {b.last_sequence, b.last_offset, delta, b.max_timestamp});
    if (b.transactional && !e.current_txn_first_offset) {
        e.current_txn_first_offset = b.first_offset;
        ongoing_[b.first_offset] = b.producer_id;
    }
    return std::nullopt;
}

std::optional<int64_t> producer_state::first_unstable_offset() const {
    std::optional<int64_t> first;
    if (!ongoing_.empty()) first = ongoing_.begin()->first;
    if (!unreplicated_.empty() && (!first || unreplicated_.begin()->first < *first)) {
        first = unreplicated_.begin()->first;
    }
    return first;
}

void producer_state::on_high_watermark(int64_t hw) {
    for (auto it = unreplicated_.begin(); it != unreplicated_.end();) {
        it = it->second.last_offset < hw ? unreplicated_.erase(it) : std::next(it);
    }
}

void producer_state::on_log_start_offset(int64_t log_start) {
    on_high_watermark(log_start);
    if (map_end_offset_ < log_start) map_end_offset_ = log_start;
}

bool producer_state::is_expired(const producer_entry& e, int64_t now_ms) const {
    return !e.current_txn_first_offset && now_ms - e.last_timestamp >= expiration_ms_;
}

void producer_state::remove_expired(int64_t now_ms) {
    for (auto it = producers_.begin(); it != producers_.end();) {
        it = is_expired(it->second, now_ms) ? producers_.erase(it) : std::next(it);
    }
}

void producer_state::load(producer_entry e) {
    if (e.current_txn_first_offset) ongoing_[*e.current_txn_first_offset] = e.producer_id;
    const int64_t id = e.producer_id;
    producers_[id] = std::move(e);
}

void producer_state::clear() {
    producers_.clear();
    ongoing_.clear();
    unreplicated_.clear();
}

}  // namespace samsa::log
