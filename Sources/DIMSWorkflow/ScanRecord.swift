import DIMSInventory
import DIMSSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    struct Signature: Equatable {
        var size: Int64
        var modified: Int64
        var changed: Int64
        var inode: UInt64
        var device: UInt64

        /// The signature of the file at `path`, nil when it cannot be had.
        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
            inode = UInt64(info.st_ino)
            device = UInt64(info.st_dev)
        }

        init(size: Int64, modified: Int64, changed: Int64, inode: UInt64, device: UInt64) {
            (self.size, self.modified, self.changed, self.inode, self.device) = (size, modified, changed, inode, device)
        }
    }

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
    static func load(store: String) -> ScanRecord {
        let path = path(store: store)
        guard let written = Signature(path: path), let text = try? InventoryText.read(path: path)?.text else { return ScanRecord() }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == "v1", let sum = lines.last, sum.hasPrefix("sum "),
              UInt64(sum.dropFirst(4), radix: 16) == InventoryText.hash(lines.dropLast().joined(separator: "\n")) else { return ScanRecord() }
        var record = ScanRecord()
        for line in lines.dropFirst().dropLast() {
            let fields = line.split(separator: " ", maxSplits: 6)
            guard fields.count == 7, let hash = UInt64(fields[0], radix: 16), let size = Int64(fields[1]), let modified = Int64(fields[2]),
                  let changed = Int64(fields[3]), let inode = UInt64(fields[4]), let device = UInt64(fields[5]) else { return ScanRecord() }
            guard modified <= written.modified - margin, changed <= written.modified - margin else { continue }
            record.entries[String(fields[6])] = Entry(signature: Signature(size: size, modified: modified, changed: changed, inode: inode,
                                                                           device: device), hash: hash)
        }
        return record
    }

    /// Writes the record into `store` (best effort: a store folder this user cannot write keeps none).
    func write(store: String) {
        var body = "v1"
        for (path, entry) in entries.sorted(by: { $0.key < $1.key }) {
            let s = entry.signature
            body += "\n\(String(entry.hash, radix: 16)) \(s.size) \(s.modified) \(s.changed) \(s.inode) \(s.device) \(path)"
        }
        try? AtomicWriter.write(body + "\nsum \(String(InventoryText.hash(body), radix: 16))\n", to: ScanRecord.path(store: store))
    }
}
