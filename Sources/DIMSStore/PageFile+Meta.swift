import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks of liblmdb's two meta pages, which carry no checksum.
///
/// liblmdb writes the meta page of transaction `t` at page `t % 2` (both start at 0), so the two transaction ids
/// follow each other and each has its page's parity; it reads whichever is newer. A damaged id would make it
/// read an older snapshot or a page that was never a root, a damaged root or last page would send it to pages
/// that hold something else. Every field liblmdb relies on is checked against these rules, the file and the
/// other meta page.
extension PageFile {
    /// The fields of one meta page (liblmdb's `MDB_meta` after the 16-byte page header).
    struct Meta {
        var number: Int
        var headerPage: UInt64, flags: UInt16
        var magic: UInt32, version: UInt32, address: UInt64, mapSize: UInt64
        var freePad: UInt32, freeFlags: UInt16, freeDepth: UInt16, freeRoot: UInt64
        var mainFlags: UInt16, mainDepth: UInt16, mainEntries: UInt64, mainRoot: UInt64
        var lastPage: UInt64, txnid: UInt64

        init(_ file: PageFile, number: Int) {
            let page = number * file.pageSize, base = page + PageFile.headerSize
            let b = file.bytes
            self.number = number
            headerPage = PageFile.u64(b, page)
            flags = PageFile.u16(b, page + 10)
            magic = PageFile.u32(b, base)
            version = PageFile.u32(b, base + 4)
            address = PageFile.u64(b, base + 8)
            mapSize = PageFile.u64(b, base + 16)
            // Each MDB_db: pad u32, flags u16, depth u16, branch, leaf and overflow page counts, entries, root (u64 each).
            freePad = PageFile.u32(b, base + 24)
            freeFlags = PageFile.u16(b, base + 28)
            freeDepth = PageFile.u16(b, base + 30)
            freeRoot = PageFile.u64(b, base + 24 + 40)
            mainFlags = PageFile.u16(b, base + 72 + 4)
            mainDepth = PageFile.u16(b, base + 72 + 6)
            mainEntries = PageFile.u64(b, base + 72 + 32)
            mainRoot = PageFile.u64(b, base + 72 + 40)
            lastPage = PageFile.u64(b, base + 120)
            txnid = PageFile.u64(b, base + 128)
        }
    }

    static let metaMagic: UInt32 = 0xBEEF_C0DE
    static let integerKey: UInt16 = 0x08
    /// The flags a database may carry (liblmdb's `VALID_FLAGS`).
    static let databaseFlags: UInt16 = 0x7E

    /// The problems of the two meta pages, each naming its page; empty when both are sound.
    ///
    /// A writer that commits while this reads can show a meta page half written: callers read again before
    /// believing a problem (`EventLog.checkMeta`).
    public func metaProblems() -> [String] {
        guard pageCount >= 2 else { return ["'data.mdb' is shorter than its two meta pages (\(bytes.count) bytes)"] }
        let metas = [Meta(self, number: 0), Meta(self, number: 1)]
        var problems: [String] = []
        for meta in metas {
            if let problem = problem(of: meta) { problems.append("Meta page \(meta.number) of the store is damaged: \(problem)") }
        }
        guard problems.isEmpty else { return problems }
        let (older, newer) = metas[0].txnid < metas[1].txnid ? (metas[0], metas[1]) : (metas[1], metas[0])
        if !(older.txnid == 0 && newer.txnid <= 1) && newer.txnid - older.txnid != 1 {
            problems.append("A meta page of the store is damaged: their transaction ids \(metas[0].txnid) and \(metas[1].txnid) do not follow each other")
        } else if newer.lastPage < older.lastPage {
            problems.append("Meta page \(newer.number) or \(older.number) of the store is damaged: the newer one ends the file at page \(newer.lastPage), before the older one's \(older.lastPage)")
        }
        return problems
    }

    /// What is wrong with one meta page on its own, if anything.
    private func problem(of meta: Meta) -> String? {
        if meta.flags != PageFile.meta || meta.headerPage != UInt64(meta.number) { return "its page header is not a meta page's (flags \(meta.flags), number \(meta.headerPage))" }
        if meta.magic != PageFile.metaMagic { return "its magic number is \(String(meta.magic, radix: 16)) instead of beefc0de" }
        if meta.version != 1 { return "its format version is \(meta.version) instead of 1" }
        if meta.address != 0 { return "it asks for a fixed map address" }
        if meta.freePad != UInt32(pageSize) { return "its page size is \(meta.freePad), the other meta page's \(pageSize)" }
        if meta.txnid != 0 && meta.txnid % 2 != UInt64(meta.number) { return "its transaction id \(meta.txnid) belongs to meta page \(meta.txnid % 2)" }
        if meta.lastPage < 1 || meta.lastPage >= UInt64(pageCount) { return "its last page \(meta.lastPage) lies outside the file's \(pageCount) pages" }
        if meta.mapSize < (meta.lastPage + 1) * UInt64(pageSize) || meta.mapSize % UInt64(pageSize) != 0 { return "its map size \(meta.mapSize) cannot hold its \(meta.lastPage + 1) pages" }
        if meta.freeFlags != PageFile.integerKey { return "the free-page database's flags are \(meta.freeFlags)" }
        if meta.mainFlags & ~PageFile.databaseFlags != 0 { return "the main database's flags are \(meta.mainFlags)" }
        for (name, root, depth) in [("free-page", meta.freeRoot, meta.freeDepth), ("main", meta.mainRoot, meta.mainDepth)] {
            if (root == PageFile.invalidPage) != (depth == 0) || depth > 16 { return "the \(name) database's root \(root) does not fit its depth \(depth)" }
            if root != PageFile.invalidPage && (root < 2 || root > meta.lastPage) { return "the \(name) database's root page \(root) lies outside its \(meta.lastPage + 1) pages" }
        }
        return nil
    }

    /// The checks of each meta page's main database against its tree: the root page is a page of that number,
    /// and the tree's depth and number of databases are the ones the meta page records.
    ///
    /// The older meta page's tree is sound too: liblmdb reuses its pages only two transactions later.
    func mainTreeProblem() -> String? {
        guard pageCount >= 2 else { return nil }
        for meta in [Meta(self, number: 0), Meta(self, number: 1)] where meta.mainRoot != PageFile.invalidPage {
            var depth: UInt16 = 0, entries: UInt64 = 0
            var number = meta.mainRoot
            while depth < 17, let page = page(number) {
                guard PageFile.u64(bytes, page.number * pageSize) == number, page.isLeaf || page.isBranch, let nodes = page.nodes else {
                    return "Meta page \(meta.number) of the store is damaged: its main database's root page \(meta.mainRoot) is not a page of that tree"
                }
                depth += 1
                if page.isLeaf {
                    entries = UInt64(nodes.count)
                    if let problem = databaseRecordProblem(nodes, lastPage: meta.lastPage) ?? (depth == 1 ? missingDatabase(nodes) : nil) {
                        return "Meta page \(meta.number) of the store, or the main database's page \(number) it leads to, is damaged: \(problem)"
                    }
                    break
                }
                guard let first = nodes.first else { break }
                number = first.child
            }
            if depth != meta.mainDepth || (depth == 1 && entries != meta.mainEntries) {
                return "Meta page \(meta.number) of the store is damaged: it records a main database of depth \(meta.mainDepth) with \(meta.mainEntries) databases, its tree has depth \(depth)\(depth == 1 ? " with \(entries)" : "")"
            }
        }
        return nil
    }

    /// The database of the layout that a main database holding others does not name. dims creates them all in one
    /// transaction, so one missing is a damaged name: read as absent, the log would look empty and a writer would
    /// start a new one in the damaged store.
    func missingDatabase(_ nodes: [Node]) -> String? {
        let names = Set(nodes.map { String(decoding: bytes[$0.key], as: UTF8.self) })
        let required = [Layout.events, Layout.meta] + Layout.indexes + Layout.projections
        guard !names.isDisjoint(with: required), let missing = required.first(where: { !names.contains($0) }) else { return nil }
        return "it names no '\(missing)' database"
    }

    /// What is wrong with the records of the named databases in a leaf of the main database, which liblmdb
    /// follows for every database a command opens: a duplicate flag (dims keeps no duplicates) or a root that does
    /// not fit its depth or the file makes it fault.
    func databaseRecordProblem(_ nodes: [Node], lastPage: UInt64) -> String? {
        for node in nodes {
            let name = ProjectionRecord.describe(UnsafeRawBufferPointer(rebasing: bytes[node.key]))
            guard node.flags == PageFile.subData, node.data.count == 48 else { return "The record of database '\(name)' is damaged: flags \(node.flags), \(node.data.count) bytes" }
            let at = node.data.lowerBound
            let flags = PageFile.u16(bytes, at + 4), depth = PageFile.u16(bytes, at + 6), root = PageFile.u64(bytes, at + 40)
            if flags & 0x74 != 0 || (root == PageFile.invalidPage) != (depth == 0) || depth > 16
                || (root != PageFile.invalidPage && (root < 2 || root > lastPage)) {
                return "The record of database '\(name)' is damaged: flags \(flags), depth \(depth), root page \(root)"
            }
        }
        return nil
    }
}
