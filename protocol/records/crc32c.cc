#include "protocol/records/crc32c.h"

#include <array>
#include <bit>
#include <cstddef>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace samsa::protocol {
namespace {

constexpr uint32_t castagnoli = 0x82f63b78;  // reflected form of 0x1EDC6F41

// slicing[k][b]: the CRC register after feeding byte b followed by k zero bytes.
using slice_tables = std::array<std::array<uint32_t, 256>, 8>;

constexpr slice_tables make_slice_tables() {
    slice_tables t{};
    for (uint32_t b = 0; b < 256; ++b) {
        uint32_t c = b;
        for (int bit = 0; bit < 8; ++bit)
            c = (c >> 1) ^ ((c & 1) ? castagnoli : 0);
        t[0][b] = c;
    }
    for (size_t k = 1; k < 8; ++k) {
        for (size_t b = 0; b < 256; ++b)
            t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff];
    }
    return t;
}

constexpr slice_tables slicing = make_slice_tables();

inline uint32_t step_byte(uint32_t reg, uint8_t byte) {
    return slicing[0][(reg ^ byte) & 0xff] ^ (reg >> 8);
}

inline uint64_t load_le64(const uint8_t* p) {
    uint64_t v;
    std::memcpy(&v, p, sizeof v);
    if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
    return v;
}

// The register functions below work on the raw register: the caller inverts on entry and
// on exit, which is what turns the raw polynomial remainder into CRC-32C.
uint32_t portable_update(uint32_t reg, const uint8_t* p, size_t n) {
    while (n > 0 && (reinterpret_cast<uintptr_t>(p) & 7) != 0) {
        reg = step_byte(reg, *p++);
        --n;
    }
    for (; n >= 8; n -= 8, p += 8) {
        const uint64_t w = load_le64(p) ^ reg;
        reg = slicing[7][w & 0xff] ^ slicing[6][(w >> 8) & 0xff] ^ slicing[5][(w >> 16) & 0xff]
              ^ slicing[4][(w >> 24) & 0xff] ^ slicing[3][(w >> 32) & 0xff]
              ^ slicing[2][(w >> 40) & 0xff] ^ slicing[1][(w >> 48) & 0xff] ^ slicing[0][w >> 56];
    }
    while (n-- > 0)
        reg = step_byte(reg, *p++);
    return reg;
}

#if defined(__x86_64__)

// Three streams of `block` bytes each are checksummed in parallel (the crc32 instruction
// has a latency of three cycles and a throughput of one), then joined: the register after
// A ++ B equals shift(register after A, |B|) ^ (register of B started from zero), where
// shift advances a register over |B| zero bytes. shift is linear in the register, so for a
// fixed length it is four 256-entry tables, one per register byte.
constexpr size_t long_block = 8192;
constexpr size_t short_block = 256;

struct shift_table {
    std::array<std::array<uint32_t, 256>, 4> t;

    uint32_t apply(uint32_t reg) const {
        return t[0][reg & 0xff] ^ t[1][(reg >> 8) & 0xff] ^ t[2][(reg >> 16) & 0xff]
               ^ t[3][reg >> 24];
    }
};

shift_table make_shift_table(size_t zero_bytes) {
    std::array<uint32_t, 32> basis{};  // shift of each single-bit register
    for (size_t bit = 0; bit < 32; ++bit) {
        uint32_t reg = 1u << bit;
        for (size_t i = 0; i < zero_bytes; ++i)
            reg = step_byte(reg, 0);
        basis[bit] = reg;
    }
    shift_table s{};
    for (size_t k = 0; k < 4; ++k) {
        for (uint32_t v = 0; v < 256; ++v) {
            uint32_t r = 0;
            for (size_t bit = 0; bit < 8; ++bit) {
                if ((v >> bit) & 1) r ^= basis[8 * k + bit];
            }
            s.t[k][v] = r;
        }
    }
    return s;
}

struct shift_tables {
    shift_table by_long = make_shift_table(long_block);
    shift_table by_short = make_shift_table(short_block);
};

const shift_tables& shifts() {
    static const shift_tables tables;
    return tables;
}

template <size_t Block>
__attribute__((target("sse4.2"))) inline uint32_t three_streams(uint32_t reg, const uint8_t* p,
                                                                const shift_table& shift) {
    uint64_t c0 = reg;
    uint64_t c1 = 0;
    uint64_t c2 = 0;
    for (size_t i = 0; i < Block; i += 8) {
        c0 = _mm_crc32_u64(c0, load_le64(p + i));
        c1 = _mm_crc32_u64(c1, load_le64(p + Block + i));
        c2 = _mm_crc32_u64(c2, load_le64(p + 2 * Block + i));
    }
    const uint32_t joined = shift.apply(static_cast<uint32_t>(c0)) ^ static_cast<uint32_t>(c1);
    return shift.apply(joined) ^ static_cast<uint32_t>(c2);
}

__attribute__((target("sse4.2"))) uint32_t hardware_update(uint32_t reg, const uint8_t* p,
                                                           size_t n) {
    while (n > 0 && (reinterpret_cast<uintptr_t>(p) & 7) != 0) {
        reg = _mm_crc32_u8(reg, *p++);
        --n;
    }
    if (n >= 3 * short_block) {
        const shift_tables& s = shifts();
        for (; n >= 3 * long_block; n -= 3 * long_block, p += 3 * long_block) {
            reg = three_streams<long_block>(reg, p, s.by_long);
        }
        for (; n >= 3 * short_block; n -= 3 * short_block, p += 3 * short_block) {
            reg = three_streams<short_block>(reg, p, s.by_short);
        }
    }
    uint64_t wide = reg;
    for (; n >= 8; n -= 8, p += 8)
        wide = _mm_crc32_u64(wide, load_le64(p));
    reg = static_cast<uint32_t>(wide);
    while (n-- > 0)
        reg = _mm_crc32_u8(reg, *p++);
    return reg;
}

bool cpu_has_sse42() {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2");
}

#else

bool cpu_has_sse42() {
    return false;
}
uint32_t hardware_update(uint32_t reg, const uint8_t* p, size_t n) {
    return portable_update(reg, p, n);
}

#endif

using update_fn = uint32_t (*)(uint32_t, const uint8_t*, size_t);

update_fn pick_update() {
    return cpu_has_sse42() ? hardware_update : portable_update;
}

}  // namespace

uint32_t crc32c(bytes_view data, uint32_t crc) {
    static const update_fn update = pick_update();
    return ~update(~crc, data.data(), data.size());
}

uint32_t crc32c_portable(bytes_view data, uint32_t crc) {
    return ~portable_update(~crc, data.data(), data.size());
}

uint32_t crc32c_hardware(bytes_view data, uint32_t crc) {
    return ~hardware_update(~crc, data.data(), data.size());
}

bool crc32c_hardware_available() {
    static const bool available = cpu_has_sse42();
    return available;
}

}  // namespace samsa::protocol
