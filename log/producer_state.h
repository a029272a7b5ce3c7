// Idempotent and transactional producer state of one partition, as Kafka 4 keeps it
// (ProducerStateManager, ProducerStateEntry, ProducerAppendInfo): per producer id, its epoch,
// the metadata of its last five batches (the deduplication window), its coordinator epoch,
// the timestamp of its last write and the first offset of its open transaction.
//
// Rules (checked for clients; the broker's own writers get the epoch check only):
//   - a batch whose epoch and exact sequence range match one of the producer's last five
//     batches is a duplicate: not appended, answered with the original batch's offsets;
//   - an epoch below the producer's current one: INVALID_PRODUCER_EPOCH;
//   - a new (higher) epoch must start at sequence 0 (KIP-360) unless the producer has no
//     known epoch: else OUT_OF_ORDER_SEQUENCE_NUMBER;
//   - the same epoch needs sequence == last sequence + 1 (wrapping at INT32_MAX to 0):
//     else OUT_OF_ORDER_SEQUENCE_NUMBER;
//   - an unknown producer id (never seen, expired, or its batches all deleted) is accepted at
//     any sequence: Kafka 4 no longer answers UNKNOWN_PRODUCER_ID here;
//   - a non-transactional batch while the producer's transaction is open: INVALID_TXN_STATE.
// A producer expires once producer.id.expiration.ms passed since its last batch's timestamp
// and it has no open transaction.
//
// Threads: none of its own; the partition log calls it under its append mutex.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "log/errors.h"
#include "protocol/records/record_batch.h"

namespace samsa::log {

inline constexpr int16_t no_producer_epoch = -1;
inline constexpr int32_t no_sequence = -1;
inline constexpr size_t batches_to_retain = 5;

// Kafka's DefaultRecordBatch.incrementSequence / decrementSequence (wrapping at INT32_MAX).
int32_t increment_sequence(int32_t sequence, int32_t increment);
int32_t decrement_sequence(int32_t sequence, int32_t decrement);

struct batch_metadata {
    int32_t last_seq = no_sequence;
    int64_t last_offset = -1;
    int32_t offset_delta = 0;
    int64_t timestamp = -1;  // the batch's max timestamp

    int32_t first_seq() const { return decrement_sequence(last_seq, offset_delta); }
    int64_t first_offset() const { return last_offset - offset_delta; }
    friend bool operator==(const batch_metadata&, const batch_metadata&) = default;
};

struct producer_entry {
    int64_t producer_id = -1;
    int16_t epoch = no_producer_epoch;
    int32_t coordinator_epoch = -1;
    int64_t last_timestamp = -1;
    std::optional<int64_t> current_txn_first_offset;
    std::vector<batch_metadata> batches;  // oldest first, at most batches_to_retain

    int32_t last_seq() const { return batches.empty() ? no_sequence : batches.back().last_seq; }
    int64_t last_data_offset() const { return batches.empty() ? -1 : batches.back().last_offset; }
    int32_t last_offset_delta() const { return batches.empty() ? 0 : batches.back().offset_delta; }
    void add_batch(int16_t epoch, const batch_metadata& b);
    void set_epoch(int16_t e);  // a changed epoch forgets the batches of the old one
};

// The producer fields of one batch being appended (offsets already assigned).
struct producer_batch {
    int64_t producer_id = -1;
    int16_t epoch = no_producer_epoch;
    int32_t base_sequence = no_sequence;
    int32_t last_sequence = no_sequence;
    int64_t first_offset = 0;
    int64_t last_offset = 0;
    int64_t max_timestamp = -1;
    bool transactional = false;
    // Control batches: the end-transaction marker they carry.
    bool control = false;
    bool abort = false;
    int32_t coordinator_epoch = 0;
    int64_t marker_timestamp = -1;
};

// The producer fields of a batch whose offsets are assigned (a control batch's marker too).
producer_batch producer_batch_of(const protocol::record_batch_view& b);

enum class append_origin : uint8_t { client, coordinator, replication };

struct producer_check {
    errc error = errc::none;
    std::string message;
};

// A transaction that ended (its marker appended): [first_offset, last_offset].
struct completed_txn {
    int64_t producer_id = -1;
    int64_t first_offset = -1;
    int64_t last_offset = -1;
    bool aborted = false;
};

class producer_state {
  public:
    producer_state(std::string topic_partition, int64_t expiration_ms)
        : tp_(std::move(topic_partition)), expiration_ms_(expiration_ms) {}

    // The producer's batch with exactly this epoch and sequence range, if it is one of the
    // last five (clients only).
    std::optional<batch_metadata> find_duplicate(const producer_batch& b) const;
    // Whether b may be appended (nothing changes).
    producer_check check(const producer_batch& b, append_origin origin) const;
    // Records b as appended. Returns the transaction a marker completed.
    std::optional<completed_txn> apply(const producer_batch& b);

    // The first offset of the oldest transaction not yet decided, or decided with its marker
    // at or above the high watermark.
    std::optional<int64_t> first_unstable_offset() const;
    void on_high_watermark(int64_t hw);
    void on_log_start_offset(int64_t log_start);

    void remove_expired(int64_t now_ms);
    bool is_expired(const producer_entry& e, int64_t now_ms) const;
    const std::map<int64_t, producer_entry>& producers() const { return producers_; }
    const producer_entry* find(int64_t producer_id) const;
    // Snapshot loading: replaces nothing, adds e (and its open transaction).
    void load(producer_entry e);
    void clear();

    // Kafka's mapEndOffset: the offset up to which this state reflects the log.
    int64_t map_end_offset() const { return map_end_offset_; }
    void set_map_end_offset(int64_t o) { map_end_offset_ = o; }

  private:
    std::string tp_;
    int64_t expiration_ms_;
    std::map<int64_t, producer_entry> producers_;
    std::map<int64_t, int64_t> ongoing_;             // first offset -> producer id
    std::map<int64_t, completed_txn> unreplicated_;  // first offset -> txn
    int64_t map_end_offset_ = 0;
};

}  // namespace samsa::log
