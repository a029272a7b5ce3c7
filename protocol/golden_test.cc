// Golden round trips: messages written by Apache Kafka's own Java classes (see
// scripts/make-goldens.sh) must decode here to the same field values, shown by comparing
// our JSON rendering with Kafka's, and re-encode to the same bytes.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <fstream>

#include "protocol/wire/message_registry.h"

namespace samsa::protocol {
namespace {

namespace fs = std::filesystem;
const fs::path golden_dir = "protocol/testdata/golden";

byte_buffer from_hex(std::string_view text) {
    byte_buffer out;
    out.reserve(text.size() / 2);
    for (size_t i = 0; i + 1 < text.size(); i += 2) {
        out.push_back(static_cast<uint8_t>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
    }
    return out;
}

std::string to_hex(const byte_buffer& b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (uint8_t c : b) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

std::string to_text(const rapidjson::Value& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
    return buf.GetString();
}

// Equal as JSON trees: member order aside, numbers compared by value.
bool same_json(const rapidjson::Value& a, const rapidjson::Value& b) {
    if (a.IsNumber() && b.IsNumber()) {
        if (a.IsInt64() && b.IsInt64()) return a.GetInt64() == b.GetInt64();
        if (a.IsUint64() && b.IsUint64()) return a.GetUint64() == b.GetUint64();
        return a.GetDouble() == b.GetDouble();
    }
    if (a.GetType() != b.GetType()) return false;
    if (a.IsObject()) {
        if (a.MemberCount() != b.MemberCount()) return false;
        for (auto it = a.MemberBegin(); it != a.MemberEnd(); ++it) {
            const auto other = b.FindMember(it->name);
            if (other == b.MemberEnd() || !same_json(it->value, other->value)) return false;
        }
        return true;
    }
    if (a.IsArray()) {
        if (a.Size() != b.Size()) return false;
        for (rapidjson::SizeType i = 0; i < a.Size(); ++i) {
            if (!same_json(a[i], b[i])) return false;
        }
        return true;
    }
    return a == b;
}

struct tally {
    size_t files = 0;
    size_t samples = 0;
};

void check_file(const fs::path& path, tally& t) {
    const std::string name = path.stem().string();
    const message_codec* codec = find_message_codec(name);
    ASSERT_NE(codec, nullptr) << "no generated message for " << path;
    std::ifstream in(path);
    std::string line;
    size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty()) continue;
        rapidjson::Document doc;
        doc.Parse<rapidjson::kParseFullPrecisionFlag>(line.c_str(), line.size());
        ASSERT_FALSE(doc.HasParseError()) << path << ":" << line_no;
        const auto version = static_cast<int16_t>(doc["version"].GetInt());
        const byte_buffer bytes = from_hex(doc["hex"].GetString());
        byte_buffer again;
        std::string json;
        const decode_errc e = codec->round_trip(bytes, version, &again, &json);
        ASSERT_EQ(e, decode_errc::none) << path << ":" << line_no << " " << to_string(e);
        EXPECT_EQ(again, bytes) << path << ":" << line_no
                                << " re-encoding differs\n ours:  " << to_hex(again)
                                << "\n kafka: " << doc["hex"].GetString();
        rapidjson::Document ours;
        ours.Parse<rapidjson::kParseFullPrecisionFlag>(json.c_str(), json.size());
        ASSERT_FALSE(ours.HasParseError()) << json;
        EXPECT_TRUE(same_json(ours, doc["json"])) << path << ":" << line_no << "\n ours:  " << json
                                                  << "\n kafka: " << to_text(doc["json"]);
        ++t.samples;
    }
    ++t.files;
}

TEST(Golden, KafkaWrittenMessagesRoundTripByteForByte) {
    ASSERT_TRUE(fs::is_directory(golden_dir)) << "run from the repository root";
    tally t;
    for (const auto& entry : fs::recursive_directory_iterator(golden_dir)) {
        if (entry.path().extension() == ".jsonl") check_file(entry.path(), t);
    }
    // Every generated message has goldens.
    EXPECT_EQ(t.files, all_message_codecs().size());
    EXPECT_GT(t.samples, 4 * t.files);
    std::printf("golden: %zu files, %zu samples\n", t.files, t.samples);
}

}  // namespace
}  // namespace samsa::protocol
