// Runs a libFuzzer entry point over files, for builds without libFuzzer: each argument is
// a file or a folder of files, and each file is passed to LLVMFuzzerTestOneInput once.
// The sanitizers of the build judge the outcome; this driver only reports counts.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

int run_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        return 1;
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    size_t runs = 0;
    int failures = 0;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path arg(argv[i]);
        if (std::filesystem::is_directory(arg)) {
            for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
                if (!entry.is_regular_file()) continue;
                failures += run_file(entry.path());
                ++runs;
            }
        } else {
            failures += run_file(arg);
            ++runs;
        }
    }
    std::printf("ran %zu inputs\n", runs);
    return (failures == 0 && runs > 0) ? 0 : 1;
}
