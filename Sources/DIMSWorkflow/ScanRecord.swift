import DIMSSystem
import Foundation

/// What `Importer.scan` knew of each inventory file the last time it read it: the file's `stat` signature and the
/// hash of its bytes, kept in `inventory/.dims/scanned` (local, like the store; never committed). A file whose
/// signature is unchanged is not read again: a project with a year of daily snapshots reads 366 files at every
/// command otherwise.
///
/// A signature is believed only when the file's modification and change times are at least two seconds older than
/// the record itself (as git treats its index): a file written again within the same tick of the file system's
/// clock could otherwise keep its times and size. Any write after the record was made changes the file's change
/// time, so it is read again. A record that cannot be read, or whose checksum does not match, is ignored.
struct ScanRecord: Equatable {
    typealias Signature = FileSignature

    struct Entry: Equatable {
        var signature: Signature
        var hash: UInt64
    }

    /// By path relative to the project root.
    var entries: [String: Entry] = [:]

    /// The margin between a file's times and the record's for the file's signature to be believed.
    static let margin: Int64 = 2_000_000_000

    static func path(store: String) -> String { store + "/scanned" }

    /// The entries of the record in `store` that may be believed; empty when there is none or it is damaged.
    ///
    /// Parsed as bytes: the record has a line per snapshot file, hundreds in a project a year old, and is read by
    /// every command.
    static func load(store: String) -> ScanRecord {
        let path = path(store: store)
        guard let written = Signature(path: path), let data = FileManager.default.contents(atPath: path) else { return ScanRecord() }
        let bytes = [UInt8](data)
        // The last line is `sum HEX` over everything before its newline.
        guard bytes.last == 10, let sumStart = bytes.dropLast().lastIndex(of: 10).map({ $0 + 1 }),
              bytes[sumStart...].starts(with: Array("sum ".utf8)),
              let sum = number(bytes[(sumStart + 4)..<(bytes.count - 1)], radix: 16),
              sum == FNV1a.hash(bytes[..<(sumStart - 1)]) else { return ScanRecord() }
        var lines = bytes[..<(sumStart - 1)].split(separator: 10, omittingEmptySubsequences: false)[...]
        guard lines.popFirst()?.elementsEqual("v1".utf8) == true else { return ScanRecord() }
        var record = ScanRecord()
        for line in lines {
            let fields = line.split(separator: 32, maxSplits: 6, omittingEmptySubsequences: false)
            guard fields.count == 7, let hash = number(fields[0], radix: 16), let size = number(fields[1]), let modified = number(fields[2]),
                  let changed = number(fields[3]), let inode = number(fields[4]), let device = number(fields[5]) else { return ScanRecord() }
            guard Int64(bitPattern: modified) <= written.modified - margin, Int64(bitPattern: changed) <= written.modified - margin else { continue }
            let signature = Signature(size: Int64(bitPattern: size), modified: Int64(bitPattern: modified), changed: Int64(bitPattern: changed),
                                      inode: inode, device: device)
            record.entries[String(decoding: fields[6], as: UTF8.self)] = Entry(signature: signature, hash: hash)
        }
        return record
    }

    /// An unsigned number in `radix` (decimal, or hexadecimal in lower case) written as `digits`, or a negative decimal
    /// as its two's complement; nil for anything else.
    private static func number(_ digits: ArraySlice<UInt8>, radix: UInt64 = 10) -> UInt64? {
        var rest = digits
        let negative = radix == 10 && rest.first == UInt8(ascii: "-")
        if negative { rest = rest.dropFirst() }
        guard !rest.isEmpty, rest.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in rest {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(byte - UInt8(ascii: "a") + 10)
            default: return nil
            }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
            guard !overflow else { return nil }
            let (sum, carry) = shifted.addingReportingOverflow(digit)
            guard !carry else { return nil }
            value = sum
        }
        return negative ? 0 &- value : value
    }

    /// Writes the record into `store` (`POSIX.overwrite`: in place, without `fsync`, best effort), like
    /// `.dims/checked`: a cache whose torn or lost copy fails its checksum and costs one read of every file.
    func write(store: String) {
        var body = "v1"
        for (path, entry) in entries.sorted(by: { $0.key < $1.key }) {
            let s = entry.signature
            body += "\n\(String(entry.hash, radix: 16)) \(s.size) \(s.modified) \(s.changed) \(s.inode) \(s.device) \(path)"
        }
        var text = body + "\nsum \(String(FNV1a.hash(body.utf8), radix: 16))\n"
        text.withUTF8 { POSIX.overwrite(ScanRecord.path(store: store), UnsafeRawBufferPointer($0)) }
    }
}
