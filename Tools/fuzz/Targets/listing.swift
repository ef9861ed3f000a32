// Fuzz target: the ListObjectsV2 scanner on any answer, fed in two chunks split by the first byte.
@testable import DIMSS3

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: count)
    let split = count > 0 ? Int(bytes[0]) % (count + 1) : 0
    var scanner = ListingScanner()
    scanner.feed(UnsafeRawBufferPointer(rebasing: bytes[0..<split]))
    scanner.feed(UnsafeRawBufferPointer(rebasing: bytes[split...]))
    if case .success(let page) = scanner.page() {
        for object in page.objects { precondition(object.size >= 0 && !object.key.isEmpty, "a malformed object passed") }
    }
    return 0
}
