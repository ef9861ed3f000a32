/// 64-bit FNV-1a: the one fast hash of bytes that tells whether something changed (inventory file stamps, the
/// `.dims/scanned` record, git's ref state). It is neither a guard against damage (the store's records use CRCs) nor
/// a fingerprint against tampering (trust uses SHA-256). Its values are stored (file stamps), so it never changes.
public struct FNV1a: Sendable {
    /// The hash of everything combined so far.
    public var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// Continues the hash over `bytes`.
    @inlinable
    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        var hash = value
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        value = hash
    }

    /// The hash of `bytes`.
    @inlinable
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = FNV1a()
        hasher.combine(bytes)
        return hasher.value
    }
}
