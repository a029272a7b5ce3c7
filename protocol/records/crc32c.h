// CRC-32C (Castagnoli; reflected polynomial 0x82F63B78), the checksum of record batch v2.
//
// crc32c(data, crc) extends an earlier result, so a checksum can be computed piecewise:
// crc32c(b, crc32c(a)) == crc32c(a ++ b), and crc32c(data) with the default crc = 0 starts a
// new one. crc32c("123456789") == 0xE3069283 (the standard check value).
//
// Two implementations give identical results: a hardware one using the SSE4.2 crc32
// instruction on three interleaved streams, and a portable slicing-by-8 table one. crc32c()
// picks the hardware one on its first call when cpuid reports SSE4.2.
//
// Every function here is pure: thread-safe, allocation-free, reads exactly data.
#pragma once

#include <cstdint>

#include "protocol/wire/bytes.h"

namespace samsa::protocol {

uint32_t crc32c(bytes_view data, uint32_t crc = 0);

// The two implementations, exposed for tests and benchmarks. crc32c_hardware may be called
// only when crc32c_hardware_available() returns true.
uint32_t crc32c_portable(bytes_view data, uint32_t crc = 0);
uint32_t crc32c_hardware(bytes_view data, uint32_t crc = 0);
bool crc32c_hardware_available();

}  // namespace samsa::protocol
