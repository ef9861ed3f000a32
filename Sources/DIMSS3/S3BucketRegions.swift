internal import Foundation

/// The regions S3 named for buckets during a run, so that only the first request to a moved bucket is wasted.
final class S3BucketRegions: @unchecked Sendable {
    private let lock = NSLock()
    private var regions: [String: String] = [:]

    subscript(key: String) -> String? {
        get { lock.withLock { regions[key] } }
        set { lock.withLock { regions[key] = newValue } }
    }
}
