import Synchronization

/// The scanner of one response body, fed on libcurl's thread and read after the transfer.
final class PageSink: Sendable {
    private let state = Mutex(ListingScanner())

    func feed(_ chunk: UnsafeRawBufferPointer) { state.withLock { $0.feed(chunk) } }
    var scanner: ListingScanner { state.withLock { $0 } }
}
