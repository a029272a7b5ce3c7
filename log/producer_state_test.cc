// Idempotent producer state: Kafka 4's deduplication window, sequence and epoch rules,
// expiry, and the snapshot file.
#include "log/producer_state.h"

#include <gtest/gtest.h>

#include "log/producer_snapshot.h"
#include "log/test_util.h"
#include "protocol/records/big_endian.h"
#include "protocol/records/crc32c.h"

namespace samsa::log {
namespace {

constexpr int64_t pid = 1000;

producer_batch batch(int16_t epoch, int32_t first_seq, int32_t count, int64_t first_offset,
                     int64_t ts = 100) {
    producer_batch b;
    b.producer_id = pid;
    b.epoch = epoch;
    b.base_sequence = first_seq;
    b.last_sequence = increment_sequence(first_seq, count - 1);
    b.first_offset = first_offset;
    b.last_offset = first_offset + count - 1;
    b.max_timestamp = ts;
    return b;
}

// Appends as the partition log does: duplicate check, then check, then apply.
errc append(producer_state& s, const producer_batch& b) {
    if (s.find_duplicate(b)) return errc::duplicate_sequence;
    const producer_check c = s.check(b, append_origin::client);
    if (c.error == errc::none) s.apply(b);
    return c.error;
}

TEST(ProducerState, FirstBatchOfUnknownProducerIsAcceptedAtAnySequence) {
    producer_state s("t-0", 86400000);
    EXPECT_EQ(append(s, batch(0, 42, 3, 0)), errc::none);
    EXPECT_EQ(s.find(pid)->last_seq(), 44);
}

TEST(ProducerState, NextSequenceIsAccepted) {
    producer_state s("t-0", 86400000);
    ASSERT_EQ(append(s, batch(0, 0, 5, 0)), errc::none);
    EXPECT_EQ(append(s, batch(0, 5, 5, 5)), errc::none);
}

TEST(ProducerState, GapIsOutOfOrderSequence) {
    producer_state s("t-0", 86400000);
    ASSERT_EQ(append(s, batch(0, 0, 5, 0)), errc::none);
    EXPECT_EQ(append(s, batch(0, 6, 1, 5)), errc::out_of_order_sequence);
}

TEST(ProducerState, RepeatedLastSequenceThatIsNotADuplicateIsOutOfOrder) {
    producer_state s("t-0", 86400000);
    ASSERT_EQ(append(s, batch(0, 0, 5, 0)), errc::none);
    // Same first sequence, different range: not in the window, not in sequence.
    EXPECT_EQ(append(s, batch(0, 0, 3, 5)), errc::out_of_order_sequence);
}

TEST(ProducerState, RetriedBatchInTheWindowIsADuplicateWithItsOriginalOffsets) {
    producer_state s("t-0", 86400000);
    for (int i = 0; i < 5; ++i)
        ASSERT_EQ(append(s, batch(0, i * 2, 2, 100 + i * 2, 500 + i)), errc::none);
    const auto dup = s.find_duplicate(batch(0, 2, 2, 999));
    ASSERT_TRUE(dup);
    EXPECT_EQ(dup->first_offset(), 102);
    EXPECT_EQ(dup->last_offset, 103);
    EXPECT_EQ(dup->timestamp, 501);
}

TEST(ProducerState, WindowHoldsOnlyTheLastFiveBatches) {
    producer_state s("t-0", 86400000);
    for (int i = 0; i < 6; ++i)
        ASSERT_EQ(append(s, batch(0, i, 1, i)), errc::none);
    EXPECT_FALSE(s.find_duplicate(batch(0, 0, 1, 0)));
    EXPECT_TRUE(s.find_duplicate(batch(0, 1, 1, 1)));
    EXPECT_EQ(s.find(pid)->batches.size(), 5u);
    // The oldest is out of the window and out of sequence.
    EXPECT_EQ(append(s, batch(0, 0, 1, 6)), errc::out_of_order_sequence);
}

TEST(ProducerState, DuplicateNeedsTheSameEpoch) {
    producer_state s("t-0", 86400000);
    ASSERT_EQ(append(s, batch(0, 0, 1, 0)), errc::none);
    EXPECT_FALSE(s.find_duplicate(batch(1, 0, 1, 1)));
}

TEST(ProducerState, OlderEpochIsInvalidProducerEpoch) {
    producer_state s("t-0", 86400000);
    ASSERT_EQ(append(s, batch(3, 0, 1, 0)), errc::none);
    EXPECT_EQ(append(s, batch(2, 1, 1, 1)), errc::invalid_producer_epoch);
}

TEST(ProducerState, BumpedEpochMustStartAtSequenceZero) {
    producer_state s("t-0", 86400000);
    ASSERT_EQ(append(s, batch(0, 0, 3, 0)), errc::none);
    EXPECT_EQ(append(s, batch(1, 3, 1, 3)), errc::out_of_order_sequence);
    EXPECT_EQ(append(s, batch(1, 0, 1, 3)), errc::none);
    EXPECT_EQ(s.find(pid)->epoch, 1);
    EXPECT_EQ(s.find(pid)->batches.size(), 1u);  // the old epoch's window is gone
}

TEST(ProducerState, SequenceWrapsFromIntMaxToZero) {
    producer_state s("t-0", 86400000);
    ASSERT_EQ(append(s, batch(0, INT32_MAX - 1, 2, 0)), errc::none);
    EXPECT_EQ(s.find(pid)->last_seq(), INT32_MAX);
    EXPECT_EQ(append(s, batch(0, 0, 1, 2)), errc::none);
}

TEST(ProducerState, BatchSpanningTheWrapHasItsLastSequenceWrapped) {
    EXPECT_EQ(increment_sequence(INT32_MAX, 1), 0);
    EXPECT_EQ(increment_sequence(INT32_MAX - 1, 3), 1);
    EXPECT_EQ(decrement_sequence(1, 3), INT32_MAX - 1);
    batch_metadata m{1, 10, 3, 0};
    EXPECT_EQ(m.first_seq(), INT32_MAX - 1);
}

TEST(ProducerState, CoordinatorWritesSkipTheSequenceCheckButNotTheEpochCheck) {
    producer_state s("t-0", 86400000);
    ASSERT_EQ(append(s, batch(2, 0, 1, 0)), errc::none);
    EXPECT_EQ(s.check(batch(2, 77, 1, 1), append_origin::coordinator).error, errc::none);
    EXPECT_EQ(s.check(batch(1, 1, 1, 1), append_origin::coordinator).error,
              errc::invalid_producer_epoch);
}

TEST(ProducerState, ProducerExpiresAfterExpirationSinceItsLastTimestamp) {
    producer_state s("t-0", 1000);
    ASSERT_EQ(append(s, batch(0, 0, 1, 0, 5000)), errc::none);
    s.remove_expired(5999);
    EXPECT_NE(s.find(pid), nullptr);
    s.remove_expired(6000);
    EXPECT_EQ(s.find(pid), nullptr);
    // Expired: the next batch is accepted at any sequence (Kafka 4: no UNKNOWN_PRODUCER_ID).
    EXPECT_EQ(append(s, batch(0, 17, 1, 1)), errc::none);
}

TEST(ProducerState, OpenTransactionKeepsTheProducerFromExpiring) {
    producer_state s("t-0", 1000);
    producer_batch b = batch(0, 0, 1, 0, 5000);
    b.transactional = true;
    ASSERT_EQ(append(s, b), errc::none);
    s.remove_expired(100000);
    EXPECT_NE(s.find(pid), nullptr);
    EXPECT_EQ(s.first_unstable_offset(), 0);
}

TEST(ProducerState, NonTransactionalWriteInsideATransactionIsInvalidTxnState) {
    producer_state s("t-0", 86400000);
    producer_batch b = batch(0, 0, 1, 0);
    b.transactional = true;
    ASSERT_EQ(append(s, b), errc::none);
    EXPECT_EQ(append(s, batch(0, 1, 1, 1)), errc::invalid_txn_state);
}

TEST(ProducerState, MarkerEndsTheTransactionAndTheLsoWaitsForTheHighWatermark) {
    producer_state s("t-0", 86400000);
    producer_batch b = batch(0, 0, 2, 10);
    b.transactional = true;
    ASSERT_EQ(append(s, b), errc::none);
    producer_batch marker;
    marker.producer_id = pid;
    marker.epoch = 0;
    marker.control = true;
    marker.first_offset = marker.last_offset = 12;
    ASSERT_EQ(s.check(marker, append_origin::coordinator).error, errc::none);
    const auto done = s.apply(marker);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->first_offset, 10);
    EXPECT_EQ(done->last_offset, 12);
    EXPECT_EQ(s.first_unstable_offset(), 10);
    s.on_high_watermark(12);
    EXPECT_EQ(s.first_unstable_offset(), 10);
    s.on_high_watermark(13);
    EXPECT_FALSE(s.first_unstable_offset());
}

TEST(ProducerState, MarkerFromAnOlderCoordinatorEpochIsFenced) {
    producer_state s("t-0", 86400000);
    producer_batch m;
    m.producer_id = pid;
    m.epoch = 0;
    m.control = true;
    m.coordinator_epoch = 5;
    s.apply(m);
    m.coordinator_epoch = 4;
    EXPECT_EQ(s.check(m, append_origin::coordinator).error, errc::transaction_coordinator_fenced);
}

TEST(ProducerSnapshot, LayoutIsVersionCrcCountAndFixedEntries) {
    producer_state s("t-0", 86400000);
    ASSERT_EQ(append(s, batch(7, 10, 5, 200, 12345)), errc::none);
    const protocol::byte_buffer b = encode_producer_snapshot(s);
    ASSERT_EQ(b.size(), 2u + 4 + 4 + 46);
    namespace be = protocol::be;
    EXPECT_EQ(be::load16(b.data()), 1);
    EXPECT_EQ(be::load32(b.data() + 2), protocol::crc32c(protocol::bytes_view(b).subspan(6)));
    EXPECT_EQ(be::load32(b.data() + 6), 1u);
    const uint8_t* e = b.data() + 10;
    EXPECT_EQ(be::load64(e), static_cast<uint64_t>(pid));
    EXPECT_EQ(be::load16(e + 8), 7);
    EXPECT_EQ(be::load32(e + 10), 14u);   // last sequence
    EXPECT_EQ(be::load64(e + 14), 204u);  // last offset
    EXPECT_EQ(be::load32(e + 22), 4u);    // offset delta
    EXPECT_EQ(be::load64(e + 26), 12345u);
    EXPECT_EQ(static_cast<int32_t>(be::load32(e + 34)), -1);  // coordinator epoch
    EXPECT_EQ(static_cast<int64_t>(be::load64(e + 38)), -1);  // no open transaction
}

TEST(ProducerSnapshot, RoundTripKeepsTheLastBatchOfEachProducer) {
    test::temp_dir d;
    producer_state s("t-0", 86400000);
    ASSERT_EQ(append(s, batch(1, 0, 2, 0)), errc::none);
    ASSERT_EQ(append(s, batch(1, 2, 3, 2, 777)), errc::none);
    ASSERT_FALSE(write_producer_snapshot(d.path(), 5, s, true));
    EXPECT_EQ(list_producer_snapshots(d.path()), std::vector<int64_t>{5});
    auto r = read_producer_snapshot(d.sub("00000000000000000005.snapshot"));
    ASSERT_EQ(r.index(), 0u) << std::get<1>(r);
    const auto& entries = std::get<0>(r);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].epoch, 1);
    ASSERT_EQ(entries[0].batches.size(), 1u);
    EXPECT_EQ(entries[0].batches[0], (batch_metadata{4, 4, 2, 777}));
    EXPECT_EQ(entries[0].last_timestamp, 777);
}

TEST(ProducerSnapshot, FlippedByteFailsTheCrc) {
    producer_state s("t-0", 86400000);
    ASSERT_EQ(append(s, batch(1, 0, 2, 0)), errc::none);
    protocol::byte_buffer b = encode_producer_snapshot(s);
    b[20] ^= 1;
    EXPECT_EQ(decode_producer_snapshot(b).index(), 1u);
}

TEST(ProducerSnapshot, UnknownVersionIsRefused) {
    producer_state s("t-0", 86400000);
    protocol::byte_buffer b = encode_producer_snapshot(s);
    b[1] = 2;
    EXPECT_EQ(decode_producer_snapshot(b).index(), 1u);
}

TEST(ProducerSnapshot, TruncatedFileIsRefused) {
    producer_state s("t-0", 86400000);
    ASSERT_EQ(append(s, batch(1, 0, 2, 0)), errc::none);
    protocol::byte_buffer b = encode_producer_snapshot(s);
    b.pop_back();
    EXPECT_EQ(decode_producer_snapshot(b).index(), 1u);
}

}  // namespace
}  // namespace samsa::log
