/// Counts newline bytes in memory, 64 bytes at a time with 16-byte vectors, as `wc -l` counts lines.
enum NewlineCounter {
    static func count(_ base: UnsafeRawPointer, _ length: Int) -> Int {
        let newline = SIMD16<UInt8>(repeating: 10)
        var total = 0
        var offset = 0
        while length - offset >= 64 {
            // Each lane gains at most 4 per round, so 63 rounds stay below 256.
            var lanes = SIMD16<Int8>(repeating: 0)
            var rounds = 0
            while rounds < 63, length - offset >= 64 {
                for part in 0..<4 {
                    let chunk = base.loadUnaligned(fromByteOffset: offset + part * 16, as: SIMD16<UInt8>.self)
                    lanes &-= unsafeBitCast(chunk .== newline, to: SIMD16<Int8>.self)
                }
                offset += 64
                rounds += 1
            }
            total += Int(SIMD16<UInt16>(truncatingIfNeeded: SIMD16<UInt8>(truncatingIfNeeded: lanes)).wrappedSum())
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        while offset < length {
            if bytes[offset] == 10 { total += 1 }
            offset += 1
        }
        return total
    }
}
