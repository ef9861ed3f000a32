import Foundation

/// A commit's tree as a file-system walk would find it in a checkout: its files, links and folders, read with
/// one `git ls-tree -r -l -z` (paths relative to the project root; only what lies below it).
struct GitTree {
    enum Kind: Sendable { case file, link, submodule }

    struct Entry {
        /// The path below the project root, as a walk shows it: `src/main.swift`.
        var path: [UInt8]
        /// Where the last component starts in `path`.
        var nameStart: Int
        var kind: Kind
        /// The blob's size in bytes (0 for a submodule).
        var size: Int64
        var blob: String
    }

    /// A folder's files (indexes into `entries`) and sub-folders (their names).
    struct Folder {
        var files: [Int] = []
        var folders: [[UInt8]] = []
    }

    private(set) var entries: [Entry] = []
    /// Folders by path (`""` for the project root).
    private(set) var folders: [[UInt8]: Folder] = [[]: Folder()]
    /// Entries by path.
    private(set) var byPath: [[UInt8]: Int] = [:]

    /// Reads the output of `git ls-tree -r -l -z`: `MODE TYPE OBJECT SIZE\tPATH\0` per entry.
    init(listing: [UInt8]) throws(ProbeError) {
        var start = 0
        let count = listing.count
        while start < count {
            guard let end = listing[start...].firstIndex(of: 0), let tab = listing[start..<end].firstIndex(of: 9) else {
                throw ProbeError(code: .unparsableOutput, message: "Git listed a tree entry that cannot be read: '\(String(decoding: listing[start..<min(count, start + 120)], as: UTF8.self))'")
            }
            let fields = listing[start..<tab].split(separator: 32)
            guard fields.count == 4 else {
                throw ProbeError(code: .unparsableOutput, message: "Git listed a tree entry that cannot be read: '\(String(decoding: listing[start..<tab], as: UTF8.self))'")
            }
            let mode = fields[0]
            let kind: Kind
            if mode.starts(with: "120".utf8) { kind = .link } else if mode.starts(with: "160".utf8) { kind = .submodule } else { kind = .file }
            let size = Int64(String(decoding: fields[3], as: UTF8.self)) ?? 0
            let path = Array(listing[(tab + 1)..<end])
            add(Entry(path: path, nameStart: (path.lastIndex(of: 47).map { $0 + 1 }) ?? 0, kind: kind, size: size,
                      blob: String(decoding: fields[2], as: UTF8.self)))
            start = end + 1
        }
    }

    private mutating func add(_ entry: Entry) {
        let index = entries.count
        entries.append(entry)
        byPath[entry.path] = index
        // A submodule shows in a checkout as a folder with nothing in it.
        if entry.kind == .submodule {
            addFolder(entry.path)
        } else {
            let up = parent(of: entry.path)
            addFolder(up)
            folders[up, default: Folder()].files.append(index)
        }
    }

    /// Records `path` and every folder above it, each in its parent's list.
    private mutating func addFolder(_ path: [UInt8]) {
        guard !path.isEmpty, folders[path] == nil else { return }
        folders[path] = Folder()
        var child = path
        while !child.isEmpty {
            let up = parent(of: child)
            let known = folders[up] != nil
            folders[up, default: Folder()].folders.append(Array(child[(child.lastIndex(of: 47).map { $0 + 1 } ?? 0)...]))
            if known { return }
            child = up
        }
    }

    private func parent(of path: [UInt8]) -> [UInt8] {
        guard let slash = path.lastIndex(of: 47) else { return [] }
        return Array(path[..<slash])
    }

    /// The entry a link points to, following links (at most 8), or nil when it leaves the tree or points nowhere.
    /// `target` reads a link's text.
    func resolve(_ index: Int, target: (Int) -> [UInt8]?) -> (index: Int?, folder: [UInt8]?)? {
        var current = index
        for _ in 0..<8 {
            let entry = entries[current]
            guard entry.kind == .link else { return (current, nil) }
            guard let text = target(current), text.first != 47 else { return nil }
            var parts = entry.path[..<max(0, entry.nameStart - 1)].split(separator: 47).map(Array.init)
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
            if folders[path] != nil { return (nil, path) }
            guard let next = byPath[path] else { return nil }
            current = next
        }
        return nil
    }
}
