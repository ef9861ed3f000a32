// Fuzz target: the event decoder on any record; the input gets a valid CRC32 so that the fuzzer reaches past it.
@testable import DIMSStore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    var bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let crc = bytes.withUnsafeBytes { Zlib.crc32($0) }
    for shift in [0, 8, 16, 24] { bytes.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
    _ = try? EventCodec.decode(bytes, seq: 1)
    return 0
}
