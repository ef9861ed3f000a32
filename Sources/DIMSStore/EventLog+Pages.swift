import DIMSCore
import Foundation
import LMDB

/// Checks of the store's pages read directly from `data.mdb` (`PageFile`), which no damage can make fault.
extension EventLog {
    /// Structural problems of every database's tree, and every event record on the events tree's pages that
    /// fails its checksum, each naming its page.
    public func pageProblems() throws(StoreError) -> [String] {
        // A read transaction keeps writers from reusing the pages of the snapshot being walked.
        try wrap("check the store's pages") { try env.read { txn in try pageProblems(through: txn.id) } }
    }

    private func pageProblems(through txnid: UInt64) throws(StoreError) -> [String] {
        let file = try PageFile(path: StoreDirectory.dataFile(directory))
        let (roots, problems) = file.databases(through: txnid)
        var found = problems
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
    /// appends go.
    func checkStructure(only names: Set<String>? = nil) throws(StoreError) {
        // A read transaction keeps writers from reusing the pages of the snapshot being walked.
        let problem: String? = try wrap("check the store's pages") {
            try env.read { txn in try structureProblem(of: names, through: txn.id) }
        }
        if let problem {
            EventLog.markDamaged(directory: directory, problem: problem)
            let written = readOnly ? "" : "; nothing was written to it"
            throw StoreError(code: .damaged, message: "The event log at '\(directory)' is damaged: \(problem)\(written). Run 'dims log verify' for every problem, and 'dims log salvage' to rebuild it from its intact events")
        }
    }

    private func structureProblem(of names: Set<String>?, through txnid: UInt64) throws(StoreError) -> String? {
        let file = try PageFile(path: StoreDirectory.dataFile(directory))
        let (roots, problems) = file.databases(through: txnid)
        var problem = problems.first
        for (name, root) in roots.sorted(by: { $0.key < $1.key }) where problem == nil && names?.contains(name) != false {
            if names == nil, ![Layout.current, Layout.trend, Layout.baselines, Layout.cache, Layout.approvals, "main"].contains(name) {
                problem = file.spineProblem(root: root, name: name)
            } else {
                problem = file.walk(root: root, name: name, keepingLeaves: false).problems.first
            }
        }
        return problem
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
