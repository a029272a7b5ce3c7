// Log compaction (cleaner.cc) with a manual clock: what stays, what goes, offsets kept,
// batches still valid, tombstones and their horizon, the dirty ratio, and recovery of an
// interrupted swap.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <tuple>

#include "log/file_names.h"
#include "log/log_test_support.h"
#include "protocol/records/record.h"

namespace samsa::log {
namespace {

namespace fs = std::filesystem;
namespace proto = protocol;
using test::log_fixture;

struct kv {
    std::string key;
    std::optional<std::string> value;  // nullopt: a tombstone
};

struct stored {
    int64_t offset;
    std::string key;
    std::optional<std::string> value;
    bool operator==(const stored&) const = default;
};

std::ostream& operator<<(std::ostream& os, const stored& s) {
    return os << s.offset << ":" << s.key << "=" << s.value.value_or("<null>");
}

proto::byte_buffer batch_of(const std::vector<kv>& records,
                            proto::compression_codec codec = proto::compression_codec::none,
                            int64_t producer_id = -1, int32_t base_sequence = -1) {
    proto::batch_options o;
    o.codec = codec;
    o.producer_id = producer_id;
    o.producer_epoch = producer_id >= 0 ? 0 : -1;
    o.base_sequence = base_sequence;
    proto::record_batch_builder b(o);
    for (const kv& r : records) {
        b.add({.timestamp = 1'700'000'000'000,
               .key = proto::as_bytes(r.key),
               .value = r.value ? std::optional<proto::bytes_view>(proto::as_bytes(*r.value))
                                : std::nullopt,
               .headers = {}});
    }
    proto::byte_buffer out;
    b.finish(out);
    return out;
}

// Every record the log holds, in offset order; every batch's CRC must hold.
std::vector<stored> records_of(const partition_log& log) {
    std::vector<stored> out;
    const read_result r =
        log.read(log.log_start_offset(), INT32_MAX, true, isolation::read_uncommitted);
    EXPECT_EQ(r.error, errc::none);
    proto::byte_buffer scratch;
    for (const file_range& f : r.ranges) {
        std::vector<uint8_t> buf(f.size);
        EXPECT_EQ(::pread(f.file->fd(), buf.data(), f.size, static_cast<off_t>(f.position)),
                  static_cast<ssize_t>(f.size));
        proto::batch_reader reader(buf);
        for (auto b = reader.next(); b.status == proto::batch_status::ok; b = reader.next()) {
            EXPECT_TRUE(b.batch.verify_crc()) << "batch at " << b.batch.base_offset();
            proto::bytes_view records;
            EXPECT_EQ(proto::batch_records(b.batch, scratch, 1 << 26, records),
                      proto::decode_errc::none);
            proto::record_reader rr(records, b.batch.records_count());
            proto::record_view rec;
            while (rr.next(rec)) {
                std::optional<std::string> value;
                if (rec.value) value = std::string(proto::as_chars(*rec.value));
                out.push_back({proto::record_offset(b.batch, rec),
                               std::string(proto::as_chars(*rec.key)), value});
            }
            EXPECT_EQ(rr.error(), proto::decode_errc::none);
        }
    }
    return out;
}

struct cleaner_fixture : log_fixture {
    cleaner_fixture() {
        config.compact = true;
        config.delete_retention = false;
        config.min_cleanable_dirty_ratio = 0.0;
        config.segment_bytes = 1 << 20;
    }
    std::shared_ptr<partition_log> log = nullptr;

    void start() { log = open(); }
    int64_t put(const std::vector<kv>& records,
                proto::compression_codec codec = proto::compression_codec::none) {
        proto::byte_buffer b = batch_of(records, codec);
        const append_result r = log->append(b, clock.get(), true);
        EXPECT_EQ(r.error, errc::none) << r.detail;
        return r.base_offset;
    }
    // Appends each batch into a segment of its own (rolling before each).
    void put_segments(const std::vector<std::vector<kv>>& batches,
                      proto::compression_codec codec = proto::compression_codec::none) {
        for (const auto& b : batches) {
            put(b, codec);
            roll();
        }
    }
    void roll() {
        // A roll happens when the next batch would not fit: shrink segment.bytes for a moment
        // to the size of the marker batch appended.
        log_config small = config;
        small.segment_bytes = static_cast<int32_t>(batch_of({{"__roll", "x"}}).size());
        log->set_config(small);
        put({{"__roll", "x"}});
        log->set_config(config);
    }
};

TEST(Cleaner, KeepsTheNewestRecordOfEachKeyAtItsOffset) {
    cleaner_fixture f;
    f.start();
    f.put_segments({{{"a", "1"}, {"b", "1"}}, {{"a", "2"}, {"c", "1"}}, {{"b", "2"}}});
    f.put({{"a", "3"}});  // the active segment: never cleaned
    const auto before = records_of(*f.log);
    const auto stats = f.log->clean(f.clock.get(), 1 << 20);
    ASSERT_TRUE(stats);
    EXPECT_GT(stats->records_removed, 0);
    const auto after = records_of(*f.log);
    // Per key the newest value below the active segment, plus everything in the active one.
    std::map<std::string, stored> newest;
    for (const stored& s : before)
        if (s.offset < f.log->segments().back()->base_offset()) newest[s.key] = s;
    std::vector<stored> expected;
    for (const auto& [_, s] : newest)
        expected.push_back(s);
    for (const stored& s : before)
        if (s.offset >= f.log->segments().back()->base_offset()) expected.push_back(s);
    std::sort(expected.begin(), expected.end(),
              [](const stored& x, const stored& y) { return x.offset < y.offset; });
    EXPECT_EQ(after, expected);
    EXPECT_EQ(f.log->log_end_offset(), before.back().offset + 1);
    EXPECT_EQ(f.log->first_dirty_offset(), f.log->segments().back()->base_offset());
}

TEST(Cleaner, CompressedBatchesKeepTheirCodecAndOffsets) {
    for (auto codec : {proto::compression_codec::gzip, proto::compression_codec::snappy,
                       proto::compression_codec::lz4, proto::compression_codec::zstd}) {
        cleaner_fixture f;
        f.start();
        f.put_segments({{{"k1", "v1"}, {"k2", "v1"}, {"k3", "v1"}, {"k4", "v1"}},
                        {{"k2", "v2"}, {"k4", "v2"}}},
                       codec);
        f.put({{"x", "y"}});
        ASSERT_TRUE(f.log->clean(f.clock.get(), 1 << 20));
        const auto after = records_of(*f.log);
        // The roll markers (key __roll) are left out: only the data records matter here.
        std::vector<stored> kept;
        for (const stored& s : after)
            if (s.key != "__roll") kept.push_back(s);
        const std::vector<stored> expected{
            {0, "k1", "v1"}, {2, "k3", "v1"}, {5, "k2", "v2"}, {6, "k4", "v2"}, {8, "x", "y"}};
        EXPECT_EQ(kept, expected) << "codec " << static_cast<int>(codec);
        // The partly emptied batch at 0 still spans 0..3 and is compressed as before.
        const read_result r = f.log->read(0, 1 << 20, true, isolation::read_uncommitted);
        std::vector<uint8_t> buf(r.ranges[0].size);
        ASSERT_EQ(::pread(r.ranges[0].file->fd(), buf.data(), buf.size(),
                          static_cast<off_t>(r.ranges[0].position)),
                  static_cast<ssize_t>(buf.size()));
        const auto b = proto::read_batch(buf);
        ASSERT_EQ(b.status, proto::batch_status::ok);
        EXPECT_EQ(b.batch.base_offset(), 0);
        EXPECT_EQ(b.batch.last_offset(), 3);
        EXPECT_EQ(b.batch.records_count(), 2);
        EXPECT_EQ(b.batch.compression(), codec);
    }
}

TEST(Cleaner, FetchingARemovedOffsetAnswersTheNextKeptBatch) {
    cleaner_fixture f;
    f.start();
    f.put_segments({{{"a", "1"}}, {{"b", "1"}}, {{"a", "2"}}});
    f.put({{"z", "z"}});
    ASSERT_TRUE(f.log->clean(f.clock.get(), 1 << 20));
    // a@0 is gone; a fetch at 0 starts at b@2 (1 was a roll marker, superseded too).
    const read_result r = f.log->read(0, 1 << 20, true, isolation::read_uncommitted);
    ASSERT_EQ(r.error, errc::none);
    const auto batches = test::batches_of(r);
    ASSERT_FALSE(batches.empty());
    EXPECT_EQ(batches.front().first, 2);
}

TEST(Cleaner, TombstonesStayUntilTheirDeleteHorizonPasses) {
    cleaner_fixture f;
    f.config.delete_retention_ms = 60000;
    f.start();
    f.put_segments({{{"a", "1"}, {"b", "1"}}, {{"a", std::nullopt}}});
    f.put({{"z", "z"}});
    ASSERT_TRUE(f.log->clean(f.clock.get(), 1 << 20));
    auto after = records_of(*f.log);
    auto has = [&](const std::string& key) {
        return std::any_of(after.begin(), after.end(),
                           [&](const stored& s) { return s.key == key; });
    };
    ASSERT_TRUE(has("a")) << "the tombstone stays for delete.retention.ms";
    EXPECT_TRUE(std::any_of(after.begin(), after.end(),
                            [](const stored& s) { return s.key == "a" && !s.value; }));
    EXPECT_TRUE(has("b"));
    // More dirty data, then a pass after the horizon: the tombstone goes.
    f.roll();
    f.put({{"c", "1"}});
    f.roll();
    f.clock.advance(60001);
    ASSERT_TRUE(f.log->clean(f.clock.get(), 1 << 20));
    after = records_of(*f.log);
    EXPECT_FALSE(has("a"));
    EXPECT_TRUE(has("b"));
    EXPECT_TRUE(has("c"));
}

TEST(Cleaner, NothingHappensBelowTheDirtyRatioOrWithinTheMinimumLag) {
    cleaner_fixture f;
    f.config.min_cleanable_dirty_ratio = 0.75;
    f.start();
    f.put_segments({{{"a", "1"}}, {{"a", "2"}}});
    f.put({{"z", "z"}});
    ASSERT_TRUE(f.log->clean(f.clock.get(), 1 << 20));  // everything dirty: ratio 1
    EXPECT_FALSE(f.log->clean(f.clock.get(), 1 << 20)) << "nothing new is dirty";
    f.roll();
    // One dirty segment against a cleaned one of the same size: 0.5, below 0.75.
    EXPECT_FALSE(f.log->clean(f.clock.get(), 1 << 20));

    cleaner_fixture g;
    g.config.min_compaction_lag_ms = 3600000;
    g.start();
    g.put_segments({{{"a", "1"}}, {{"a", "2"}}});
    g.put({{"z", "z"}});
    // The batches are stamped with the clock's time: younger than the lag.
    EXPECT_FALSE(g.log->clean(g.clock.get(), 1 << 20));
    g.clock.advance(3600001);
    EXPECT_TRUE(g.log->clean(g.clock.get(), 1 << 20));
}

TEST(Cleaner, ACleanedLogReopensWithTheSameRecords) {
    cleaner_fixture f;
    f.start();
    f.put_segments({{{"a", "1"}, {"b", "1"}}, {{"a", "2"}}, {{"b", "2"}, {"c", "1"}}});
    f.put({{"z", "z"}});
    ASSERT_TRUE(f.log->clean(f.clock.get(), 1 << 20));
    const auto cleaned = records_of(*f.log);
    const int64_t end = f.log->log_end_offset();
    f.log->delete_expired_files(f.clock.get() + 3600000);
    ASSERT_FALSE(f.log->close());
    f.log.reset();
    auto clean_reopen = f.open(true);
    EXPECT_EQ(records_of(*clean_reopen), cleaned);
    EXPECT_EQ(clean_reopen->log_end_offset(), end);
    clean_reopen.reset();
    auto recovered = f.open(false, 0);  // an unclean stop: every segment rescanned
    EXPECT_EQ(records_of(*recovered), cleaned);
    EXPECT_EQ(recovered->log_end_offset(), end);
}

TEST(Cleaner, AnInterruptedSwapIsCompletedAtRecovery) {
    cleaner_fixture f;
    f.start();
    f.put_segments({{{"a", "1"}, {"b", "1"}}, {{"a", "2"}}, {{"b", "2"}, {"c", "1"}}});
    f.put({{"z", "z"}});
    ASSERT_FALSE(f.log->close());
    f.log.reset();
    // A copy of the directory before cleaning: the old segments.
    const std::string before = f.dir.sub("before");
    fs::copy(f.path(), before);
    f.log = f.open(true);
    ASSERT_TRUE(f.log->clean(f.clock.get(), 1 << 20));
    const auto cleaned = records_of(*f.log);
    const int64_t base = f.log->segments().front()->base_offset();
    // The state a crash between the .swap rename and the old segments' removal leaves: the
    // old segments and the cleaned one as .swap files.
    for (std::string_view suffix : {log_suffix, index_suffix, time_index_suffix}) {
        fs::copy_file(segment_file_path(f.path(), base, suffix),
                      segment_file_path(before, base, suffix) + std::string(swap_suffix));
    }
    f.log->close();
    f.log.reset();
    fs::remove_all(f.path());
    fs::rename(before, f.path());
    auto recovered = f.open(false, 0);
    EXPECT_EQ(records_of(*recovered), cleaned);
    for (const auto& e : fs::directory_iterator(f.path()))
        EXPECT_FALSE(e.path().string().ends_with(swap_suffix)) << e.path();
}

TEST(Cleaner, AProducersLastBatchStaysWhole) {
    cleaner_fixture f;
    f.start();
    proto::byte_buffer b1 =
        batch_of({{"a", "1"}, {"b", "1"}}, proto::compression_codec::none, 7, 0);
    ASSERT_EQ(f.log->append(b1, f.clock.get(), true).error, errc::none);
    f.roll();
    f.put({{"a", "2"}, {"b", "2"}});
    f.roll();
    ASSERT_TRUE(f.log->clean(f.clock.get(), 1 << 20));
    const auto after = records_of(*f.log);
    // Producer 7's only batch is its last: a@0 and b@1 stay although superseded.
    ASSERT_GE(after.size(), 2u);
    EXPECT_EQ(after[0], (stored{0, "a", "1"}));
    EXPECT_EQ(after[1], (stored{1, "b", "1"}));
    // The producer's next sequence is still accepted in order after a restart.
    f.log->close();
    f.log = f.open(false, 0);
    proto::byte_buffer b2 = batch_of({{"c", "1"}}, proto::compression_codec::none, 7, 2);
    EXPECT_EQ(f.log->append(b2, f.clock.get(), true).error, errc::none);
}

TEST(Cleaner, KeylessRecordsOfAFormerDeleteTopicGo) {
    cleaner_fixture f;
    f.config.compact = false;
    f.start();
    proto::batch_options o;
    proto::record_batch_builder b(o);
    const std::string v = "no key";
    b.add({.timestamp = 1'700'000'000'000, .key = std::nullopt, .value = proto::as_bytes(v)});
    proto::byte_buffer buf;
    b.finish(buf);
    ASSERT_EQ(f.log->append(buf, f.clock.get(), true).error, errc::none);
    f.roll();
    f.config.compact = true;
    f.log->set_config(f.config);
    f.put({{"k", "v"}});
    f.roll();
    ASSERT_TRUE(f.log->clean(f.clock.get(), 1 << 20));
    const read_result r = f.log->read(0, 1 << 20, true, isolation::read_uncommitted);
    const auto batches = test::batches_of(r);
    ASSERT_FALSE(batches.empty());
    EXPECT_GT(batches.front().first, 0) << "the keyless record at 0 is gone";
}

}  // namespace
}  // namespace samsa::log
