// Fuzz target: time specs, ISO 8601 times and days as given on the command line or in DIMS_NOW.
import DIMSCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let now = Timestamp(micros: 1_759_309_200_000_000)
    if let time = TimeSpec.parse(text, now: now) { _ = time.iso8601; _ = time.day.description }
    if let time = Timestamp.parse(text) { _ = time.iso8601 }
    _ = Day(text)?.description
    return 0
}
