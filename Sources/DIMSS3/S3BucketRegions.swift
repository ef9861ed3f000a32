import NIOConcurrencyHelpers

/// The regions S3 named for buckets during a run, so that only the first request to a moved bucket is wasted.
final class S3BucketRegions: Sendable {
    private let regions = NIOLockedValueBox<[String: String]>([:])

    subscript(key: String) -> String? {
        get { regions.withLockedValue { $0[key] } }
        set { regions.withLockedValue { $0[key] = newValue } }
    }
}
