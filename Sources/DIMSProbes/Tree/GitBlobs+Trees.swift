/// Reading commits' trees from git's objects: each tree object is read and parsed once (`git cat-file --batch`), and
/// each blob's size asked once (`git cat-file --batch-check`), however many commits hold it; a commit's tree is its
/// root tree object plus the sub-trees that changed since the trees read before.
extension GitBlobs {
    /// The tree of `revision` (a commit id or name).
    func tree(at revision: String) throws(ProbeError) -> GitTree {
        var raw: [String: [RawEntry]] = [:]
        var rootID = ""
        try objects().read([revision + "^{tree}"], begin: { _, id in rootID = id }, chunk: { _ in }, finish: { _ in })
        if let known = nodes[rootID] { return GitTree(root: known) }
        // Level by level, each level's unknown trees in one request.
        var level = [rootID]
        while !level.isEmpty {
            var contents: [[UInt8]] = Array(repeating: [], count: level.count)
            var current = 0
            try objects().read(level, begin: { index, _ in current = index }, chunk: { contents[current] += $0 }, finish: { _ in })
            var next: [String] = []
            for (id, content) in zip(level, contents) {
                let entries = try Self.parse(content, id: id, hashLength: rootID.utf8.count / 2)
                raw[id] = entries
                for entry in entries where entry.kind == .folder && nodes[entry.object] == nil && raw[entry.object] == nil {
                    next.append(entry.object)
                }
            }
            level = Array(Set(next))
        }
        let unsized = Array(Set(raw.values.joined().filter { ($0.kind == .file || $0.kind == .link) && sizes[$0.object] == nil }.map(\.object)))
        if !unsized.isEmpty {
            if checker == nil || checker!.broken { checker = try GitObjects(git: git, directory: directory, environment: environment, check: true) }
            for (object, size) in zip(unsized, try checker!.sizes(unsized)) { sizes[object] = size }
        }
        return GitTree(root: node(rootID, raw: raw))
    }

    /// The node of tree `id`, built from `raw` after its sub-trees.
    private func node(_ id: String, raw: [String: [RawEntry]]) -> TreeNode {
        if let known = nodes[id] { return known }
        let entries = raw[id]!.map { entry -> TreeNode.Entry in
            switch entry.kind {
            case .folder: TreeNode.Entry(name: entry.name, kind: .folder, object: entry.object, size: 0, folder: node(entry.object, raw: raw))
            // A submodule shows in a checkout as a folder with nothing in it.
            case .submodule: TreeNode.Entry(name: entry.name, kind: .submodule, object: entry.object, size: 0, folder: emptyFolder)
            case .file, .link: TreeNode.Entry(name: entry.name, kind: entry.kind, object: entry.object, size: sizes[entry.object] ?? 0, folder: nil)
            }
        }
        let built = TreeNode(id: id, entries: entries, serial: nodes.count + 1)
        nodes[id] = built
        return built
    }

    struct RawEntry {
        var name: [UInt8]
        var kind: GitTree.Kind
        var object: String
    }

    /// The entries of a tree object: `MODE NAME\0ID` each, the id in binary.
    static func parse(_ content: [UInt8], id: String, hashLength: Int) throws(ProbeError) -> [RawEntry] {
        var entries: [RawEntry] = []
        var start = 0
        while start < content.count {
            guard let space = content[start...].firstIndex(of: 32), let zero = content[space...].firstIndex(of: 0), zero + hashLength < content.count + 1 else {
                throw ProbeError(code: .unparsableOutput, message: "Git tree '\(id)' holds an entry that cannot be read")
            }
            let mode = content[start..<space]
            let kind: GitTree.Kind
            if mode.elementsEqual("40000".utf8) { kind = .folder } else if mode.starts(with: "120".utf8) { kind = .link }
            else if mode.starts(with: "160".utf8) { kind = .submodule } else { kind = .file }
            var object = [UInt8](repeating: 0, count: hashLength * 2)
            for offset in 0..<hashLength {
                let byte = content[zero + 1 + offset]
                object[2 * offset] = hexDigits[Int(byte >> 4)]
                object[2 * offset + 1] = hexDigits[Int(byte & 15)]
            }
            entries.append(RawEntry(name: Array(content[(space + 1)..<zero]), kind: kind, object: String(decoding: object, as: UTF8.self)))
            start = zero + 1 + hashLength
        }
        return entries
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
