public import DIMSCore
import LMDB

/// What the live log knows of its archived prefix: the commit point of `dims archive`, kept in `meta`.
///
/// Events 1...`through` live only in the yearly archives; `years` says how many of them each year's file holds.
/// The projections already fold them (they are never deleted), so only `replay`, `replay --check` and
/// `audit` read the archives; `log verify` uses this record to accept a live log that starts at `through + 1`.
public struct ArchiveCheckpoint: Hashable, Sendable {
    /// The last archived seq; 0 when nothing is archived.
    public var through: UInt64 = 0
    /// Events archived in all (equal to `through`, the archived prefix being gapless).
    public var count: Int = 0
    /// The earliest observed time among the archived events.
    public var firstObserved: Timestamp?
    /// Per observed year, the number of archived events its file holds.
    public var years: [Int: Int] = [:]

    public init() {}

    static let key = Array("archived".utf8)

    func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: 32 + years.count * 8)
        w.varint(through)
        w.varint(UInt64(count))
        w.u8(firstObserved == nil ? 0 : 1)
        w.zigzag(firstObserved?.micros ?? 0)
        w.varint(UInt64(years.count))
        for (year, events) in years.sorted(by: { $0.key < $1.key }) {
            w.zigzag(Int64(year))
            w.varint(UInt64(events))
        }
        return w.bytes
    }

    static func decode(_ buffer: UnsafeRawBufferPointer) -> ArchiveCheckpoint? {
        var r = ByteReader(buffer)
        var checkpoint = ArchiveCheckpoint()
        guard let through = r.varint(), let count = r.varint(), let hasFirst = r.u8(), let first = r.zigzag(),
              let yearCount = r.varint() else { return nil }
        checkpoint.through = through
        checkpoint.count = Int(count)
        checkpoint.firstObserved = hasFirst == 1 ? Timestamp(micros: first) : nil
        for _ in 0..<yearCount {
            guard let year = r.zigzag(), let events = r.varint() else { return nil }
            checkpoint.years[Int(year)] = Int(events)
        }
        return checkpoint
    }
}
