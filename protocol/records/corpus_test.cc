// The committed seed corpus of record_batch_fuzz (written by corpus_gen) stays readable:
// valid_* files are whole batches that verify and iterate, covering every codec;
// truncated_* files end inside a batch.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "protocol/records/record.h"
#include "protocol/records/record_batch.h"

namespace samsa::protocol {
namespace {

namespace fs = std::filesystem;

byte_buffer read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return byte_buffer((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<fs::path> corpus_files(const std::string& prefix) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(SAMSA_RECORD_BATCH_CORPUS)) {
        if (e.path().filename().string().starts_with(prefix)) out.push_back(e.path());
    }
    return out;
}

TEST(SeedCorpus, ValidSeedsSplitVerifyAndIterateCoveringEveryCodec) {
    std::set<compression_codec> codecs;
    size_t batches = 0;
    for (const fs::path& p : corpus_files("valid_")) {
        const byte_buffer blob = read_file(p);
        batch_reader reader(blob);
        batch_result r;
        while ((r = reader.next()).status == batch_status::ok) {
            ++batches;
            EXPECT_TRUE(r.batch.verify_crc()) << p;
            codecs.insert(r.batch.compression());
            byte_buffer scratch;
            bytes_view records;
            ASSERT_EQ(batch_records(r.batch, scratch, 1 << 20, records), decode_errc::none) << p;
            record_reader rr(records, r.batch.records_count());
            record_view rec;
            while (rr.next(rec)) {
            }
            EXPECT_EQ(rr.error(), decode_errc::none) << p;
            EXPECT_EQ(rr.records_read(), r.batch.records_count()) << p;
        }
        EXPECT_EQ(r.status, batch_status::end) << p;
    }
    EXPECT_GE(batches, 8u);
    EXPECT_EQ(codecs.size(), 5u);
}

TEST(SeedCorpus, TruncatedSeedsEndInsideABatch) {
    const auto files = corpus_files("truncated_");
    EXPECT_FALSE(files.empty());
    for (const fs::path& p : files) {
        const byte_buffer blob = read_file(p);
        batch_reader reader(blob);
        batch_result r;
        while ((r = reader.next()).status == batch_status::ok) {
        }
        EXPECT_EQ(r.status, batch_status::truncated) << p;
    }
}

}  // namespace
}  // namespace samsa::protocol
