/// Counts newline bytes in memory, 64 bytes at a time, as `wc -l` counts lines.
enum NewlineCounter {
    static func count(_ base: UnsafeRawPointer, _ length: Int) -> Int {
        let newline = SIMD64<UInt8>(repeating: 10)
        let zero = SIMD64<UInt8>(repeating: 0)
        let one = SIMD64<UInt8>(repeating: 1)
        var total = 0
        var offset = 0
        while length - offset >= 64 {
            var lanes = SIMD64<UInt8>(repeating: 0)
            var rounds = 0
            while rounds < 255, length - offset >= 64 {
                let chunk = base.loadUnaligned(fromByteOffset: offset, as: SIMD64<UInt8>.self)
                lanes &+= zero.replacing(with: one, where: chunk .== newline)
                offset += 64
                rounds += 1
            }
            total += Int(SIMD64<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        while offset < length {
            if bytes[offset] == 10 { total += 1 }
            offset += 1
        }
        return total
    }
}
