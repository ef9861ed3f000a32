import Foundation

/// A commit's tree as a file-system walk would find it in a checkout: its folders (`TreeNode`, each a git tree object
/// read once and shared by every commit that holds it unchanged), files and links (paths below the project root).
struct GitTree {
    enum Kind: Sendable { case file, link, submodule, folder }

    /// A file, link or submodule found at a path.
    struct File {
        /// The path below the project root, as a walk shows it: `src/main.swift`.
        var path: [UInt8]
        /// Where the last component starts in `path`.
        var nameStart: Int
        var entry: TreeNode.Entry
    }

    let root: TreeNode

    /// The folder at `path` (`[]` for the project root; a submodule is an empty folder), or nil.
    func folder(at path: [UInt8]) -> TreeNode? {
        var node = root
        for part in path.split(separator: 47) {
            guard let entry = node.entry(named: part), let child = entry.folder else { return nil }
            node = child
        }
        return node
    }

    /// The file or link at `path`, or nil.
    func file(at path: [UInt8]) -> File? {
        let slash = path.lastIndex(of: 47)
        guard let parent = folder(at: slash.map { Array(path[..<$0]) } ?? []),
              let entry = parent.entry(named: path[(slash.map { $0 + 1 } ?? 0)...]), entry.folder == nil else { return nil }
        return File(path: path, nameStart: slash.map { $0 + 1 } ?? 0, entry: entry)
    }

    /// Whether the tree holds anything at `path`.
    func holds(_ path: [UInt8]) -> Bool { folder(at: path) != nil || file(at: path) != nil }

    /// The file a link points to, following links (at most 8), or the folder it points to; nil when it leaves the
    /// tree or points nowhere. `target` reads a link's text.
    func resolve(_ link: File, target: (File) -> [UInt8]?) -> (file: File?, folder: [UInt8]?)? {
        var current = link
        for _ in 0..<8 {
            guard current.entry.kind == .link else { return (current, nil) }
            guard let text = target(current), text.first != 47 else { return nil }
            var parts = current.path[..<max(0, current.nameStart - 1)].split(separator: 47).map(Array.init)
            for part in text.split(separator: 47, omittingEmptySubsequences: true) {
                if part.elementsEqual(".".utf8) { continue }
                if part.elementsEqual("..".utf8) {
                    guard !parts.isEmpty else { return nil }
                    parts.removeLast()
                } else {
                    parts.append(Array(part))
                }
            }
            let path = Array(parts.joined(separator: [47]))
            if folder(at: path) != nil { return (nil, path) }
            guard let next = file(at: path) else { return nil }
            current = next
        }
        return nil
    }
}

/// One git tree object: its entries in git's order, the sub-folders already read. Never changed once built, so that
/// every commit holding the same tree shares it (and a walk's result below it).
final class TreeNode: @unchecked Sendable {
    // @unchecked: immutable after `init`.

    struct Entry {
        var name: [UInt8]
        var kind: GitTree.Kind
        /// The object id (hex).
        var object: String
        /// The blob's size in bytes (0 for a folder or submodule).
        var size: Int64
        /// The folder's contents (empty for a submodule).
        var folder: TreeNode?
    }

    /// The tree's object id (hex); empty for a submodule's empty folder.
    let id: String
    let entries: [Entry]
    /// Whether a link lies anywhere below: a walk through it depends on the rest of the tree, so it is not reused.
    let holdsLinks: Bool
    /// A number for this node alone, to key results by.
    let serial: Int
    private let byName: [ArraySlice<UInt8>: Int]

    init(id: String, entries: [Entry], serial: Int) {
        self.id = id
        self.entries = entries
        self.serial = serial
        holdsLinks = entries.contains { $0.kind == .link || $0.folder?.holdsLinks == true }
        var names: [ArraySlice<UInt8>: Int] = [:]
        for (index, entry) in entries.enumerated() { names[entry.name[...]] = index }
        byName = names
    }

    func entry(named name: ArraySlice<UInt8>) -> Entry? { byName[name].map { entries[$0] } }
}
