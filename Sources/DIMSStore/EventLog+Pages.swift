import DIMSCore
import Foundation

/// Checks of the store's pages read directly from `data.mdb` (`PageFile`), which no damage can make fault.
extension EventLog {
    /// Structural problems of every database's tree, and every event record on the events tree's pages that
    /// fails its checksum, each naming its page.
    public static func checkPages(directory: String) throws(StoreError) -> [String] {
        let file = try PageFile(path: StoreDirectory.dataFile(directory))
        let (roots, problems) = file.databases()
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
        if roots[Layout.events] == nil, file.pageCount > 2, problems.isEmpty, file.mainRoot()?.root != PageFile.invalidPage {
            found.append("The store names no 'events' database")
        }
        return found
    }

    /// Checks the structure of every database's tree before a write: a damaged page would make liblmdb fault or
    /// spread the damage. Records the damage and throws `.damaged` when one is found.
    func checkStructure() throws(StoreError) {
        let file = try PageFile(path: StoreDirectory.dataFile(directory))
        let (roots, problems) = file.databases()
        var problem = problems.first
        for (name, root) in roots.sorted(by: { $0.key < $1.key }) where problem == nil {
            problem = file.walk(root: root, name: name).problems.first
        }
        if let problem {
            EventLog.markDamaged(directory: directory, problem: problem)
            throw StoreError(code: .damaged, message: "The event log at '\(directory)' is damaged: \(problem); nothing was written to it. Run 'dims log salvage' to rebuild it from its intact events")
        }
    }
}

