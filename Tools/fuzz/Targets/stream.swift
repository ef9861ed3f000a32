// Fuzz target: the event stream (export/import) and yearly archive readers on any uncompressed bytes; the input
// gets a valid CRC32 so that the fuzzer reaches past it.
@testable import DIMSStore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    var bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let crc = bytes.withUnsafeBytes { Zlib.crc32($0) }
    for shift in [0, 8, 16, 24] { bytes.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
    _ = try? bytes.withUnsafeBytes { try EventStream.decode(raw: $0, name: "stream") }
    if let archive = try? ArchiveFile.parse(bytes, path: "2025.dimslog.z") {
        for frame in archive.frames { _ = try? archive.event(frame) }
    }
    return 0
}
