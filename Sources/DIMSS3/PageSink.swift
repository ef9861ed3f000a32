import NIOConcurrencyHelpers

/// The scanner of one response body, fed on libcurl's thread and read after the transfer.
final class PageSink: Sendable {
    private let state = NIOLockedValueBox(ListingScanner())

    func feed(_ chunk: UnsafeRawBufferPointer) { state.withLockedValue { $0.feed(chunk) } }
    var scanner: ListingScanner { state.withLockedValue { $0 } }
}
