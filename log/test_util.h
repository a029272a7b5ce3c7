// Helpers for the log's tests: temporary directories, batches as producers build them, a
// manual clock.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "log/log_config.h"
#include "protocol/records/record_batch_builder.h"

namespace samsa::log::test {

// A fresh directory under /tmp, removed with everything in it at destruction.
class temp_dir {
  public:
    temp_dir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "samsa-log-XXXXXX").string();
        path_ = ::mkdtemp(tmpl.data());
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::string& path() const { return path_; }
    std::string sub(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

struct batch_spec {
    int count = 1;
    size_t value_size = 10;
    int64_t timestamp = 1'700'000'000'000;  // of the first record; +1 ms per record
    protocol::compression_codec codec = protocol::compression_codec::none;
    int64_t producer_id = -1;
    int16_t producer_epoch = -1;
    int32_t base_sequence = -1;
    bool transactional = false;
    bool with_keys = true;
    std::vector<int64_t> timestamps = {};  // overrides timestamp when set (one per record)
};

inline protocol::byte_buffer make_batch(const batch_spec& s) {
    protocol::batch_options o;
    o.codec = s.codec;
    o.producer_id = s.producer_id;
    o.producer_epoch = s.producer_epoch;
    o.base_sequence = s.base_sequence;
    o.transactional = s.transactional;
    protocol::record_batch_builder b(o);
    std::vector<std::string> keys, values;
    for (int i = 0; i < s.count; ++i) {
        keys.push_back("key-" + std::to_string(i));
        values.push_back(std::string(s.value_size, static_cast<char>('a' + i % 26)));
    }
    for (int i = 0; i < s.count; ++i) {
        protocol::record_input r;
        r.timestamp = s.timestamps.empty() ? s.timestamp + i : s.timestamps[static_cast<size_t>(i)];
        if (s.with_keys) r.key = protocol::as_bytes(keys[static_cast<size_t>(i)]);
        r.value = protocol::as_bytes(values[static_cast<size_t>(i)]);
        b.add(r);
    }
    protocol::byte_buffer out;
    b.finish(out);
    return out;
}

// A clock the test moves by hand.
struct manual_clock {
    std::shared_ptr<std::atomic<int64_t>> now =
        std::make_shared<std::atomic<int64_t>>(1'700'000'000'000);
    clock_fn fn() const {
        return [n = now] { return n->load(); };
    }
    int64_t get() const { return now->load(); }
    void advance(int64_t ms) { *now += ms; }
};

inline std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

}  // namespace samsa::log::test
