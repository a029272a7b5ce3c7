// Opening partition logs in tests.
#pragma once

#include <gtest/gtest.h>

#include "log/partition_log.h"
#include "log/test_util.h"

namespace samsa::log::test {

struct log_fixture {
    temp_dir dir;
    manual_clock clock;
    log_config config;
    log_options options;

    log_fixture() {
        config.segment_index_bytes = 4096;
        options.clock = clock.fn();
    }
    std::string path() const { return dir.sub("topic-0"); }

    std::shared_ptr<partition_log> open(bool clean = false, int64_t recovery_point = 0,
                                        int64_t log_start = 0) const {
        partition_log_options o;
        o.dir = path();
        o.topic = "topic";
        o.partition = 0;
        o.config = config;
        o.options = options;
        o.had_clean_shutdown = clean;
        o.recovery_point = recovery_point;
        o.log_start_offset = log_start;
        auto r = partition_log::open(o);
        if (r.index() != 0) {
            ADD_FAILURE() << std::get<1>(r);
            return nullptr;
        }
        return std::get<0>(r);
    }

    // Appends a client batch and expects success.
    append_result append(partition_log& log, const batch_spec& s) {
        protocol::byte_buffer b = make_batch(s);
        append_result r = log.append(b, clock.get(), true);
        EXPECT_EQ(r.error, errc::none) << r.detail;
        return r;
    }
};

// Every batch the ranges of a read hold, as (base offset, last offset).
inline std::vector<std::pair<int64_t, int64_t>> batches_of(const read_result& r) {
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const file_range& f : r.ranges) {
        std::vector<uint8_t> buf(f.size);
        EXPECT_EQ(::pread(f.file->fd(), buf.data(), f.size, static_cast<off_t>(f.position)),
                  static_cast<ssize_t>(f.size));
        protocol::batch_reader reader(buf);
        for (auto b = reader.next(); b.status == protocol::batch_status::ok; b = reader.next())
            out.emplace_back(b.batch.base_offset(), b.batch.last_offset());
        EXPECT_EQ(reader.next().status, protocol::batch_status::end) << "a range cut a batch";
    }
    return out;
}

}  // namespace samsa::log::test
