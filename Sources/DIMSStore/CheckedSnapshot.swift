import Foundation
import DIMSSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The trees of one snapshot of the store that a walk found sound, kept in `.dims/checked` so that the next
/// command on the same snapshot does not walk them again.
///
/// A snapshot is a transaction id together with the data file's identity (inode, size, modification time in
/// nanoseconds): damage written to the file after the walk changes its time, and the trees are walked again. A
/// writer that starts from a checked snapshot carries the record to the transaction it commits, as the pages it
/// adds come from liblmdb and not from the disk. The record ends in its CRC32, so a torn or damaged one is
/// ignored; it is a cache, written without fsync, and losing it costs one walk.
struct CheckedSnapshot: Equatable {
    /// The data file as `stat` sees it.
    struct FileState: Equatable {
        var inode: UInt64
        var size: Int64
        var modified: Int64
    }

    /// Stands for every database of the store (`log verify` walked them all).
    static let everyTree = "*"

    var txnid: UInt64
    var file: FileState
    /// The databases whose whole trees were walked.
    var trees: Set<String>

    static func path(_ directory: String) -> String { directory + "/checked" }

    static func fileState(_ directory: String) -> FileState? {
        guard let signature = FileSignature(path: StoreDirectory.dataFile(directory)) else { return nil }
        return FileState(inode: signature.inode, size: signature.size, modified: signature.modified)
    }

    /// Whether every tree of `names` was walked.
    func covers(_ names: Set<String>) -> Bool { trees.contains(Self.everyTree) || names.isSubset(of: trees) }

    /// The record of `directory` when it describes transaction `txnid` of the file as it is now.
    static func current(in directory: String, txnid: UInt64) -> CheckedSnapshot? {
        guard let record = read(directory), record.txnid == txnid, record.file == fileState(directory) else { return nil }
        return record
    }

    static func read(_ directory: String) -> CheckedSnapshot? {
        // Read and parsed as bytes: the record is read by nearly every command, where Foundation's file reading and
        // character sets cost more than the rest of it.
        let fd = open(path(directory), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { POSIX.read(fd, $0.baseAddress, $0.count) }
        guard count > 0, count < buffer.count else { return nil }
        var record = buffer[..<count]
        while let last = record.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { record = record.dropLast() }
        guard let space = record.lastIndex(of: UInt8(ascii: " ")) else { return nil }
        let body = record[..<space]
        guard let crc = UInt32(String(decoding: record[(space + 1)...], as: UTF8.self), radix: 16),
              crc == checksum(body) else { return nil }
        let words = body.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard words.count == 6, words[0] == "v1",
              let txnid = UInt64(words[1]), let inode = UInt64(words[2]), let size = Int64(words[3]), let modified = Int64(words[4]) else { return nil }
        return CheckedSnapshot(txnid: txnid, file: FileState(inode: inode, size: size, modified: modified),
                               trees: Set(words[5].split(separator: ",").map(String.init)))
    }

    /// Writes the record in place (best effort: a store this user cannot write keeps none).
    func write(to directory: String) {
        var names = ""
        for tree in trees.sorted() { names += names.isEmpty ? tree : "," + tree }
        let body = "v1 \(txnid) \(file.inode) \(file.size) \(file.modified) \(names)"
        var text = "\(body) \(String(Self.checksum(body.utf8), radix: 16))\n"
        text.withUTF8 { POSIX.overwrite(Self.path(directory), UnsafeRawBufferPointer($0)) }
    }

    private static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        bytes.withContiguousStorageIfAvailable { Zlib.crc32(UnsafeRawBufferPointer($0)) } ?? Array(bytes).withUnsafeBytes { Zlib.crc32($0) }
    }
}
