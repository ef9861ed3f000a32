#ifndef DIMS_CCRC32C_H
#define DIMS_CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// The CRC-32C (Castagnoli polynomial) of `count` bytes at `bytes`, continuing from `crc` (the CRC of the bytes
/// before them; 0 to start). Uses the CPU's crc32 instruction where there is one (SSE4.2 on x86-64, the CRC
/// extension on ARMv8 when the compiler targets it), else tables.
uint32_t dims_crc32c(uint32_t crc, const void *bytes, size_t count);

/// The same CRC from the tables alone, whatever the CPU: what `dims_crc32c` is checked against.
uint32_t dims_crc32c_portable(uint32_t crc, const void *bytes, size_t count);

/// 1 when `dims_crc32c` uses the CPU's instruction, else 0.
int dims_crc32c_hardware(void);

#endif
