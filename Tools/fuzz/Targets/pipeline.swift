// Fuzz target: the reader of commands that run without the shell, and the reshaping stages dims applies, on any text.
// The input is a command line, then a NUL, then the text fed to each stage in pieces whose sizes the command's bytes give.
@testable import DIMSProbes

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let split = bytes.firstIndex(of: 0) ?? bytes.count
    let command = String(decoding: bytes[..<split], as: UTF8.self)
    _ = DirectPipeline(command)
    let input = split < bytes.count ? Array(bytes[(split + 1)...]) : []
    let stages = ["wc -l", "tail -1", "awk '{print $1}'", "tr -d ' '"].compactMap { DirectPipeline("x | " + $0)?.filters.first }
    for stage in stages {
        var filter = stage
        var start = 0, piece = 0
        while start < input.count {
            let size = 1 + Int(bytes[piece % max(split, 1)] % 17)
            let end = min(start + size, input.count)
            Array(input[start..<end]).withUnsafeBytes { filter.feed($0) { _ in } }
            start = end
            piece += 1
        }
        filter.finish { _ in }
    }
    return 0
}
