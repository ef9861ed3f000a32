import CZlib

/// zlib's deflate and inflate over whole buffers, and its CRC32.
enum Zlib {
    /// The CRC32 of `bytes`, continuing from `seed` (the CRC of the bytes before them).
    ///
    /// The corresponding C function is `crc32`.
    static func crc32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        UInt32(CZlib.crc32(uLong(seed), bytes.bindMemory(to: UInt8.self).baseAddress, uInt(bytes.count)))
    }

    static func deflate(_ input: [UInt8], level: Int32) throws(StoreError) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit_(&stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw StoreError(code: .io, message: "zlib could not start compressing")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 16)
        let produced: Int = input.withUnsafeBytes { inBuf in
            output.withUnsafeMutableBytes { outBuf in
                stream.next_in = UnsafeMutablePointer(mutating: inBuf.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(outBuf.count)
                let rc = CZlib.deflate(&stream, Z_FINISH)
                return rc == Z_STREAM_END ? Int(stream.total_out) : -1
            }
        }
        guard produced >= 0 else { throw StoreError(code: .io, message: "zlib could not compress \(input.count) bytes") }
        output.removeSubrange(produced...)
        return output
    }

    static func inflate(_ input: [UInt8]) throws(StoreError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw StoreError(code: .io, message: "zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 4)
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var rc: Int32 = Z_OK
        input.withUnsafeBytes { inBuf in
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(inBuf.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBytes { outBuf in
                    stream.next_out = outBuf.bindMemory(to: Bytef.self).baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    rc = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return outBuf.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
            } while rc == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        switch rc {
        case Z_STREAM_END: return output
        case Z_OK, Z_BUF_ERROR: throw StoreError(code: .corruptStream, message: "the compressed data ends early (truncated)")
        default: throw StoreError(code: .corruptStream, message: "the compressed data is damaged (zlib error \(rc))")
        }
    }
}
