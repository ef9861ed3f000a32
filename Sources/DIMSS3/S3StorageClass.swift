/// The storage class a listing gives each object (`<StorageClass>`); an object listed without one is `STANDARD`.
public enum S3StorageClass: Hashable, Sendable, CustomStringConvertible {
    case standard, reducedRedundancy, standardIA, oneZoneIA, intelligentTiering, glacierInstantRetrieval, glacier, deepArchive,
         expressOneZone
    /// A class dims has no name for (`OUTPOSTS`, `SNOW`, a newer one), as written.
    case other(String)

    static let known: [(S3StorageClass, String)] = [
        (.standard, "STANDARD"), (.reducedRedundancy, "REDUCED_REDUNDANCY"), (.standardIA, "STANDARD_IA"), (.oneZoneIA, "ONEZONE_IA"),
        (.intelligentTiering, "INTELLIGENT_TIERING"), (.glacierInstantRetrieval, "GLACIER_IR"), (.glacier, "GLACIER"),
        (.deepArchive, "DEEP_ARCHIVE"), (.expressOneZone, "EXPRESS_ONEZONE"),
    ]

    /// The class a listing's text names.
    public init(_ name: String) {
        self = Self.known.first { $0.1 == name }?.0 ?? .other(name)
    }

    /// The name as S3 writes it: `STANDARD_IA`.
    public var description: String {
        if case .other(let name) = self { return name }
        return Self.known.first { $0.0 == self }?.1 ?? "STANDARD"
    }
}
