import DIMSCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LMDB

/// Checks of the store's pages read directly from `data.mdb` (`PageFile`), which no damage can make fault.
extension EventLog {
    /// Structural problems of every database's tree, and every event record on the events tree's pages that
    /// fails its checksum, each naming its page.
    public func pageProblems() throws(StoreError) -> [String] {
        // A read transaction keeps writers from reusing the pages of the snapshot being walked.
        try wrap("check the store's pages") {
            try env.read { txn in
                let state = CheckedSnapshot.fileState(directory)
                var problems = try pageProblems(through: txn.id)
                // Writers committing meanwhile may have overwritten both meta pages: walk a newer snapshot.
                for _ in 0..<3 where problems.first == PageFile.noMetaPage { problems = try env.read { txn in try pageProblems(through: txn.id) } }
                if problems.isEmpty, let state { CheckedSnapshot(txnid: txn.id, file: state, trees: [CheckedSnapshot.everyTree]).write(to: directory) }
                return problems
            }
        }
    }

    private func pageProblems(through txnid: UInt64) throws(StoreError) -> [String] {
        let file = try PageFile(path: StoreDirectory.dataFile(directory))
        let (roots, problems) = file.databases(through: txnid)
        var found = EventLog.metaProblems(directory: directory) + problems
        for (name, root) in roots.sorted(by: { $0.key < $1.key }) {
            let tree = file.walk(root: root, name: name)
            found += tree.problems
            guard name == Layout.events else { continue }
            for page in tree.leaves {
                for node in page.nodes ?? [] {
                    let key = file.bytes[node.key]
                    guard key.count == 8 else {
                        found.append("Page \(page.number) of 'events' holds a key of \(key.count) bytes instead of 8")
                        continue
                    }
                    let seq = UnsafeRawBufferPointer(rebasing: key).u64be(at: 0)
                    guard let value = file.value(of: node) else {
                        found.append("Event \(seq) is damaged: its overflow pages lie outside the file (page \(page.number))")
                        continue
                    }
                    do {
                        _ = try EventCodec.decode(UnsafeRawBufferPointer(rebasing: value), seq: seq)
                    } catch {
                        found.append("\(error.message) (page \(page.number))")
                    }
                }
            }
        }
        if roots[Layout.events] == nil, file.pageCount > 2, problems.isEmpty, file.mainRoot(through: txnid)?.root != PageFile.invalidPage {
            found.append("The store names no 'events' database")
        }
        return found
    }

    /// Checks the structure of every database's tree before a write: a damaged page would make liblmdb fault or
    /// spread the damage. Records the damage and throws `.damaged` when one is found.
    ///
    /// With `only`, checks those databases alone (a reader checks the projections it answers from); a writer
    /// checks the projections and the path to the last leaf of the log and its time-ordered indexes, where
    /// appends go. Trees a walk of the same snapshot already found sound (`CheckedSnapshot`) are not walked again.
    ///
    /// With `from`, the named trees are walked from that key on (a scan from there); such a partial walk is not
    /// recorded.
    func checkStructure(only names: Set<String>? = nil, from start: [UInt8]? = nil) throws(StoreError) {
        // A read transaction keeps writers from reusing the pages of the snapshot being walked, but not the meta
        // pages: writers committing meanwhile can overwrite both, or show one half written. A problem is believed
        // when walks of three snapshots find it.
        var problem: String?
        for attempt in 0..<3 where attempt == 0 || problem != nil {
            if attempt > 0 { usleep(20_000) }
            problem = try structureProblem(of: names, from: start)
        }
        if let problem {
            EventLog.markDamaged(directory: directory, problem: problem)
            let written = readOnly ? "" : "; nothing was written to it"
            throw StoreError(code: .damaged, message: "The event log at '\(directory)' is damaged: \(problem)\(written). Run 'dims log verify' for every problem, and 'dims log salvage' to rebuild it from its intact events")
        }
    }

    private func structureProblem(of names: Set<String>?, from start: [UInt8]?) throws(StoreError) -> String? {
        try wrap("check the store's pages") {
            try env.read { txn in
                // The file's state before the walk: a change during it makes the record describe an older file.
                let state = CheckedSnapshot.fileState(directory)
                let known = CheckedSnapshot.current(in: directory, txnid: txn.id)
                let whole = names ?? Set(Layout.projections + [Layout.approvals, Layout.meta])
                if let known, known.covers(whole), names != nil || known.covers([CheckedSnapshot.everyTree]) { return nil }
                if let problem = try structureProblem(of: names, skipping: known?.trees ?? [], from: start, through: txn.id) { return problem }
                if let state, start == nil {
                    let walked = whole.union(known?.trees ?? [])
                    CheckedSnapshot(txnid: txn.id, file: state, trees: walked).write(to: directory)
                }
                return nil
            }
        }
    }

    private func structureProblem(of names: Set<String>?, skipping walked: Set<String>, from start: [UInt8]?, through txnid: UInt64) throws(StoreError) -> String? {
        let file = try PageFile(path: StoreDirectory.dataFile(directory))
        let (roots, problems) = file.databases(through: txnid)
        var problem = problems.first
        for (name, root) in roots.sorted(by: { $0.key < $1.key }) where problem == nil && names?.contains(name) != false {
            if names == nil, ![Layout.current, Layout.trend, Layout.baselines, Layout.cache, Layout.approvals, Layout.meta, "main"].contains(name) {
                problem = file.spineProblem(root: root, name: name)
            } else if !walked.contains(name) {
                problem = file.walk(root: root, name: name, keepingLeaves: false, from: start).problems.first
            }
        }
        return problem
    }

    /// Runs `body` in a write transaction; when the snapshot it starts from was checked, the record
    /// (`CheckedSnapshot`) is carried to the transaction it commits.
    func committing<T>(_ body: (Transaction) throws -> T) throws -> T {
        var carried: CheckedSnapshot?
        var txnid: UInt64 = 0
        let result = try env.write { txn in
            txnid = txn.id
            carried = checked && txn.id > 0 ? CheckedSnapshot.current(in: directory, txnid: txn.id - 1) : nil
            return try body(txn)
        }
        // An unchanged file means nothing was committed: the record still describes it.
        if var record = carried, let state = CheckedSnapshot.fileState(directory), state != record.file {
            record.txnid = txnid
            record.file = state
            record.write(to: directory)
        }
        return result
    }

    /// Throws `.damaged` naming the meta page when either of liblmdb's meta pages is damaged, and records it.
    ///
    /// A writer committing meanwhile can show a meta page half written, so a problem is believed only when it is
    /// still there after the writer had time to finish.
    static func checkMeta(directory: String) throws(StoreError) {
        guard let problem = metaProblems(directory: directory).first else { return }
        markDamaged(directory: directory, problem: problem)
        throw StoreError(code: .damaged, message: "The event log at '\(directory)' is damaged: \(problem); nothing was read from it or written to it. Run 'dims log salvage' to rebuild it from its intact events")
    }

    /// The problems of the meta pages that persist over a few reads (see `checkMeta`).
    public static func metaProblems(directory: String) -> [String] {
        var problems: [String] = []
        for attempt in 0..<4 {
            if attempt > 0 { usleep(25_000) }
            // A store being created has an empty file for a moment (see `StoreDirectory.checkShape`).
            guard let size = CheckedSnapshot.fileState(directory)?.size, size > 0 else { return [] }
            do {
                let file = try PageFile(path: StoreDirectory.dataFile(directory))
                problems = file.metaProblems()
                if problems.isEmpty, let problem = file.mainTreeProblem() { problems = [problem] }
            } catch {
                guard error.code == .damaged else { return [] }
                problems = [error.message]
            }
            if problems.isEmpty { return [] }
        }
        return problems
    }
}

extension PageFile {
    /// The first problem on the path from `root` to the tree's last leaf, which appends write to.
    func spineProblem(root: UInt64, name: String) -> String? {
        var number = root
        for _ in 0..<32 {
            guard number != PageFile.invalidPage else { return nil }
            guard let page = page(number), page.isLeaf || page.isBranch, let nodes = page.nodes, page.damagedNodes.isEmpty else {
                return "Page \(number) of '\(name)' is damaged: it is not a readable leaf or branch page"
            }
            if page.isLeaf { return nil }
            guard let last = nodes.last else { return "Branch page \(number) of '\(name)' is empty" }
            number = last.child
        }
        return "The tree of '\(name)' is deeper than any store holds"
    }
}
