// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as iSCSI, ext4 and LevelDB use it: the checksum of
// the store's projection and meta records. The CPU's crc32 instruction computes it 8 bytes at a time; the
// portable path uses slicing-by-8 tables.
#include "CCRC32C.h"
#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>
#endif

static uint32_t table[8][256];
static int hardware;

__attribute__((constructor)) static void dims_crc32c_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++) {
        for (int t = 1; t < 8; t++) table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xFF];
    }
#if defined(__x86_64__)
    __builtin_cpu_init();
    hardware = __builtin_cpu_supports("sse4.2") ? 1 : 0;
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
    hardware = 1;
#endif
}

/// The register form of the CRC (inverted before and after), over the bytes with tables.
static uint32_t portable(uint32_t c, const unsigned char *p, size_t n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        v ^= c;
        c = table[7][v & 0xFF] ^ table[6][(v >> 8) & 0xFF] ^ table[5][(v >> 16) & 0xFF] ^ table[4][(v >> 24) & 0xFF]
          ^ table[3][(v >> 32) & 0xFF] ^ table[2][(v >> 40) & 0xFF] ^ table[1][(v >> 48) & 0xFF] ^ table[0][v >> 56];
        p += 8;
        n -= 8;
    }
#endif
    while (n--) c = (c >> 8) ^ table[0][(c ^ *p++) & 0xFF];
    return c;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t instruction(uint32_t c, const unsigned char *p, size_t n) {
    uint64_t wide = c;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        wide = _mm_crc32_u64(wide, v);
    }
    c = (uint32_t)wide;
    if (n >= 4) {
        uint32_t v;
        memcpy(&v, p, 4);
        c = _mm_crc32_u32(c, v);
        p += 4;
        n -= 4;
    }
    if (n >= 2) {
        uint16_t v;
        memcpy(&v, p, 2);
        c = _mm_crc32_u16(c, v);
        p += 2;
        n -= 2;
    }
    if (n) c = _mm_crc32_u8(c, *p);
    return c;
}
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
static uint32_t instruction(uint32_t c, const unsigned char *p, size_t n) {
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        c = __crc32cd(c, v);
    }
    if (n >= 4) {
        uint32_t v;
        memcpy(&v, p, 4);
        c = __crc32cw(c, v);
        p += 4;
        n -= 4;
    }
    if (n >= 2) {
        uint16_t v;
        memcpy(&v, p, 2);
        c = __crc32ch(c, v);
        p += 2;
        n -= 2;
    }
    if (n) c = __crc32cb(c, *p);
    return c;
}
#endif

uint32_t dims_crc32c(uint32_t crc, const void *bytes, size_t count) {
#if defined(__x86_64__) || (defined(__aarch64__) && defined(__ARM_FEATURE_CRC32))
    if (hardware) return ~instruction(~crc, (const unsigned char *)bytes, count);
#endif
    return ~portable(~crc, (const unsigned char *)bytes, count);
}

uint32_t dims_crc32c_portable(uint32_t crc, const void *bytes, size_t count) {
    return ~portable(~crc, (const unsigned char *)bytes, count);
}

int dims_crc32c_hardware(void) { return hardware; }
