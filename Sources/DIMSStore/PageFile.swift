import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An LMDB data file (`data.mdb`) read as pages, without liblmdb, for checking and salvaging a damaged store.
///
/// The format is liblmdb's (mdb.c): pages of `psize` bytes, each with a 16-byte header (`pgno u64, pad u16,
/// flags u16, lower u16, upper u16`, or `pages u32` for overflow pages); meta pages 0 and 1 hold the roots of
/// the free and main databases; the main database's leaf nodes name the other databases and hold their roots.
/// A node is `lo u16, hi u16, flags u16, ksize u16, key, data`: a leaf's data size is `lo | hi << 16`, a
/// branch's child page is `lo | hi << 16 | flags << 32`. Every size and page number read from the file is checked
/// against its page and the file before it is used, so no damage can make this code read out of bounds.
///
/// `@unchecked Sendable`: the mapping is read-only, set once in `init` and unmapped in `deinit`.
public final class PageFile: @unchecked Sendable {
    public typealias Bytes = Slice<UnsafeRawBufferPointer>
    /// The file's bytes, mapped read-only.
    public let bytes: UnsafeRawBufferPointer
    public let pageSize: Int
    public var pageCount: Int { bytes.count / pageSize }

    static let headerSize = 16
    static let branch: UInt16 = 0x01, leaf: UInt16 = 0x02, overflow: UInt16 = 0x04, meta: UInt16 = 0x08, leaf2: UInt16 = 0x20, subpage: UInt16 = 0x40
    static let bigData: UInt16 = 0x01, subData: UInt16 = 0x02, dupData: UInt16 = 0x04
    public static let invalidPage = UInt64.max
    /// The problem of a file with no meta page of the snapshot asked for (or none at all).
    public static let noMetaPage = "Neither meta page of the store is readable"
    /// The name walks give liblmdb's main database, whose records are the named databases.
    public static let mainName = "the main database"

    /// A node of a leaf or branch page, by its byte ranges in the file.
    public struct Node: Sendable {
        public var offset: Int
        public var flags: UInt16
        public var key: Range<Int>
        /// A leaf's data (for big data, the 8-byte number of its first overflow page); empty in a branch.
        public var data: Range<Int>
        /// A branch node's child page.
        public var child: UInt64
    }

    /// A page's kind and nodes; `nil` nodes when its header or a node does not fit the page.
    public struct Page: Sendable {
        public var number: Int
        public var flags: UInt16
        public var nodes: [Node]?
        /// Nodes whose key or data runs outside the page, by their offset in the file (-1 when the page's pointer
        /// to it is itself out of bounds); they are left out of `nodes`.
        public var damagedNodes: [Int] = []
        public var isLeaf: Bool { flags & (PageFile.leaf | PageFile.leaf2 | PageFile.subpage | PageFile.overflow | PageFile.meta) == PageFile.leaf }
        public var isBranch: Bool { flags & (PageFile.branch | PageFile.leaf | PageFile.overflow | PageFile.meta) == PageFile.branch }
    }

    public init(path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        var info = stat()
        guard fd >= 0, fstat(fd, &info) == 0 else {
            if fd >= 0 { close(fd) }
            throw StoreError(code: .io, message: "Cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        } else {
            guard let address = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), address != MAP_FAILED else {
                throw StoreError(code: .io, message: "Cannot map '\(path)': \(String(cString: strerror(errno)))")
            }
            bytes = UnsafeRawBufferPointer(start: address, count: size)
        }
        // The page size is stored in the free database's pad field of each meta page.
        let candidates = [Self.u32(bytes, 40), bytes.count > 4096 + 44 ? Self.u32(bytes, 4096 + 40) : 0]
        // When the two disagree (one is damaged), the system's page size, which liblmdb gives a new store, decides.
        let valid = candidates.filter { $0 >= 512 && $0 <= 65_536 && $0 & ($0 - 1) == 0 }
        guard let size = valid.count == 2 && valid[0] != valid[1] ? valid.first(where: { $0 == UInt32(getpagesize()) }) ?? valid[0] : valid.first else {
            if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
            throw StoreError(code: .damaged, message: "'\(path)' has no readable meta page: it is not an LMDB store, or both meta pages are damaged")
        }
        pageSize = Int(size)
    }

    deinit { if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) } }

    // MARK: - Reading pages

    static func u16(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt16 { at >= 0 && at + 2 <= b.count ? UInt16(b[at]) | UInt16(b[at + 1]) << 8 : 0 }
    static func u32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 { at >= 0 && at + 4 <= b.count ? UInt32(u16(b, at)) | UInt32(u16(b, at + 2)) << 16 : 0 }
    static func u64(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt64 { at >= 0 && at + 8 <= b.count ? UInt64(u32(b, at)) | UInt64(u32(b, at + 4)) << 32 : 0 }

    /// The roots of the main database in the newest valid meta page, and its transaction id.
    ///
    /// With `through`, the newest meta page of a transaction no later than it: the snapshot a read transaction
    /// of that id sees, whose pages no writer reuses while that transaction is open.
    public func mainRoot(through: UInt64 = .max) -> (root: UInt64, txnid: UInt64, lastPage: UInt64)? {
        var best: (UInt64, UInt64, UInt64)?
        for page in 0..<min(2, pageCount) {
            let base = page * pageSize + Self.headerSize
            guard Self.u32(bytes, base) == 0xBEEF_C0DE, Self.u16(bytes, page * pageSize + 10) & Self.meta != 0 else { continue }
            // magic u32, version u32, address u64, mapsize u64, free db (48 bytes), main db (root at 40), last page, txnid.
            let root = Self.u64(bytes, base + 72 + 40), last = Self.u64(bytes, base + 120), txnid = Self.u64(bytes, base + 128)
            if txnid <= through, best == nil || txnid > best!.1 { best = (root, txnid, last) }
        }
        return best.map { (root: $0.0, txnid: $0.1, lastPage: $0.2) }
    }

    /// The page `number`, its nodes checked against the page's bounds.
    public func page(_ number: UInt64) -> Page? {
        guard number >= 2, number < UInt64(pageCount) else { return nil }
        let n = Int(number), base = n * pageSize
        let flags = Self.u16(bytes, base + 10)
        var page = Page(number: n, flags: flags, nodes: nil)
        guard page.isLeaf || page.isBranch else { return page }
        let lower = Int(Self.u16(bytes, base + 12)), upper = Int(Self.u16(bytes, base + 14))
        guard lower >= Self.headerSize, lower <= upper, upper <= pageSize, (lower - Self.headerSize) % 2 == 0 else { return page }
        var nodes: [Node] = []
        nodes.reserveCapacity((lower - Self.headerSize) / 2)
        for i in 0..<((lower - Self.headerSize) / 2) {
            let offset = Int(Self.u16(bytes, base + Self.headerSize + 2 * i))
            guard offset >= upper, offset + 8 <= pageSize else {
                page.damagedNodes.append(-1)
                continue
            }
            let at = base + offset
            let lo = UInt64(Self.u16(bytes, at)), hi = UInt64(Self.u16(bytes, at + 2)), nodeFlags = Self.u16(bytes, at + 4)
            let keySize = Int(Self.u16(bytes, at + 6))
            guard offset + 8 + keySize <= pageSize else {
                page.damagedNodes.append(at)
                continue
            }
            let key = (at + 8)..<(at + 8 + keySize)
            if page.isBranch {
                nodes.append(Node(offset: at, flags: 0, key: key, data: key.upperBound..<key.upperBound, child: lo | hi << 16 | UInt64(nodeFlags) << 32))
            } else {
                let size = nodeFlags & Self.bigData != 0 ? 8 : Int(lo | hi << 16)
                guard offset + 8 + keySize + size <= pageSize else {
                    page.damagedNodes.append(at)
                    continue
                }
                nodes.append(Node(offset: at, flags: nodeFlags, key: key, data: key.upperBound..<(key.upperBound + size), child: 0))
            }
        }
        page.nodes = nodes
        return page
    }

    /// A leaf node's value: in the page, or in its overflow pages (checked to lie in the file).
    public func value(of node: Node) -> Bytes? {
        guard node.flags & Self.bigData != 0 else { return bytes[node.data] }
        let first = Self.u64(bytes, node.data.lowerBound)
        guard first >= 2, first < UInt64(pageCount) else { return nil }
        let base = Int(first) * pageSize
        guard Self.u16(bytes, base + 10) & Self.overflow != 0 else { return nil }
        let pages = Int(Self.u32(bytes, base + 12))
        // The data size is in the node's lo/hi fields, as for any leaf node.
        let size = Int(Self.u16(bytes, node.offset)) | Int(Self.u16(bytes, node.offset + 2)) << 16
        guard pages >= 1, Int(first) + pages <= pageCount, size <= pages * pageSize - Self.headerSize else { return nil }
        return bytes[(base + Self.headerSize)..<(base + Self.headerSize + size)]
    }

    // MARK: - Walking trees

    /// memcmp order of two keys: negative, zero or positive.
    static func order(_ a: Bytes, _ b: Bytes) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let result = memcmp(a.base.baseAddress! + a.startIndex, b.base.baseAddress! + b.startIndex, common)
            if result != 0 { return Int(result) }
        }
        return a.count - b.count
    }

    /// What a walk of one database's tree found: its leaf pages in key order (a leaf whose keys are out of order or
    /// out of bounds included), and each problem by page.
    public struct Tree: Sendable {
        public var leaves: [Page] = []
        public var branches: [Int] = []
        public var problems: [String] = []
    }

    /// The root page of each named database, from the main database.
    public func databases(through: UInt64 = .max) -> (roots: [String: UInt64], problems: [String]) {
        guard let main = mainRoot(through: through) else { return ([:], [Self.noMetaPage]) }
        var roots: [String: UInt64] = [:]
        let tree = walk(root: main.root, name: Self.mainName)
        for page in tree.leaves {
            for node in page.nodes ?? [] where node.flags & Self.subData != 0 && node.data.count == 48 {
                roots[String(decoding: bytes[node.key], as: UTF8.self)] = Self.u64(bytes, node.data.lowerBound + 40)
            }
        }
        return (roots, tree.problems)
    }

    /// Walks the tree under `root`, checking that each page is of the kind its parent expects, that keys are
    /// in order, and that every key lies within the bounds its parent's branch keys give.
    ///
    /// Without `keepingLeaves`, only the problems are gathered (a check before a command).
    ///
    /// With `from`, only the pages that can hold keys at or after it are visited (a scan from that key reads no others).
    public func walk(root: UInt64, name: String, keepingLeaves: Bool = true, from start: [UInt8]? = nil) -> Tree {
        let isMain = name == Self.mainName
        var tree = Tree()
        guard root != Self.invalidPage else { return tree }
        var visited = Set<UInt64>()
        func visit(_ number: UInt64, low: Bytes?, high: Bytes?, depth: Int) {
            guard depth < 32, visited.insert(number).inserted else {
                tree.problems.append("Page \(number) of '\(name)' is reached twice: a branch page is damaged")
                return
            }
            guard let page = page(number) else {
                tree.problems.append("Page \(number) of '\(name)' lies outside the file: a branch page is damaged")
                return
            }
            // liblmdb writes each page's own number in its header.
            guard Self.u64(bytes, page.number * pageSize) == number else {
                tree.problems.append("Page \(number) of '\(name)' is damaged: its header names page \(Self.u64(bytes, page.number * pageSize))")
                return
            }
            guard page.isLeaf || page.isBranch, let nodes = page.nodes, page.isLeaf || page.damagedNodes.isEmpty else {
                let what = page.isLeaf || page.isBranch ? "a node's offset or size runs outside the page" : "it is not a leaf or branch page (flags \(page.flags))"
                tree.problems.append("Page \(number) of '\(name)' is damaged: \(what)")
                return
            }
            if !page.damagedNodes.isEmpty {
                tree.problems.append("Page \(number) of '\(name)' is damaged: the key or size of \(page.damagedNodes.count) record(s) runs outside the page")
            }
            var previous: Bytes? = low
            for (index, node) in nodes.enumerated() {
                let key = bytes[node.key]
                // A branch's first key is empty: it stands for everything below its parent's bound.
                if page.isBranch && index == 0 { continue }
                var problem: String?
                if let previous, index > 0 || page.isLeaf, Self.order(key, previous) < (index > 0 ? 1 : 0) {
                    problem = "key '\(ProjectionRecord.describe(UnsafeRawBufferPointer(rebasing: key)))' is out of order"
                } else if let high, Self.order(key, high) >= 0 {
                    problem = "key \(index) lies beyond its parent's bound"
                }
                if let problem {
                    tree.problems.append("Page \(number) of '\(name)' is damaged: \(problem)")
                    // The leaf is still reached: salvage reads its records (a damaged key takes the seq its place gives).
                    if page.isLeaf && keepingLeaves { tree.leaves.append(page) }
                    return
                }
                previous = key
            }
            if page.isLeaf {
                // liblmdb follows a node's flags: a duplicate-data flag in a database without duplicates makes it
                // fault, a big-data flag sends it to overflow pages.
                let allowed = isMain ? Self.subData : Self.bigData
                for (index, node) in nodes.enumerated() where node.flags & ~allowed != 0 || (isMain && node.flags != Self.subData)
                    || (node.flags & Self.bigData != 0 && value(of: node) == nil) {
                    tree.problems.append("Page \(number) of '\(name)' is damaged: record \(index) has flags \(node.flags)\(node.flags & Self.bigData != 0 ? " or its overflow pages are not in the file" : "")")
                    return
                }
                if keepingLeaves { tree.leaves.append(page) }
                return
            }
            tree.branches.append(page.number)
            for (index, node) in nodes.enumerated() {
                let lower = index == 0 ? low : bytes[node.key]
                let upper = index + 1 < nodes.count ? bytes[nodes[index + 1].key] : high
                // Every key under this child is below `from`.
                if let start, let upper, start.withUnsafeBytes({ Self.order(upper, $0[...]) }) <= 0 { continue }
                visit(node.child, low: lower, high: upper, depth: depth + 1)
            }
        }
        visit(root, low: nil, high: nil, depth: 0)
        return tree
    }

    /// Every leaf page of the file, reachable or not: old copies of pages and pages cut off by damage included.
    public func allLeaves() -> [Page] {
        (2..<max(2, pageCount)).compactMap { number in
            let page = page(UInt64(number))
            return page?.isLeaf == true && page?.nodes != nil ? page : nil
        }
    }
}
