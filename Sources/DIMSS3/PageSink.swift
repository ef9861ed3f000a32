internal import Foundation

/// The scanner of one response body, fed on libcurl's thread and read after the transfer.
final class PageSink: @unchecked Sendable {
    private let lock = NSLock()
    private var state = ListingScanner()

    func feed(_ chunk: UnsafeRawBufferPointer) { lock.withLock { state.feed(chunk) } }
    var scanner: ListingScanner { lock.withLock { state } }
}
