/// One object of a listing: its decoded key, size, last-modified time and storage class.
public struct S3Object: Hashable, Sendable {
    public var key: String
    public var size: Int64
    /// Seconds since 1970 of `LastModified`.
    public var lastModified: Int64
    public var storageClass: S3StorageClass

    public init(key: String, size: Int64, lastModified: Int64, storageClass: S3StorageClass = .standard) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
        self.storageClass = storageClass
    }
}

/// One page of a ListObjectsV2 listing.
struct ListingPage: Sendable {
    var objects: [S3Object]
    /// The decoded `CommonPrefixes` of a listing with a delimiter.
    var commonPrefixes: [String] = []
    var isTruncated: Bool
    var nextContinuationToken: String?
}

/// The keys one listing asks for: those under `prefix`, after `startAfter`, rolled up at `/` when `delimited`.
struct ListingRange: Hashable, Sendable {
    var prefix: String
    var startAfter: String?
    var delimited = false
}
