import Foundation

/// What a backfill knows about blobs across all its commits: each blob is read once (`git cat-file --batch`) for
/// each count asked of it, so a file unchanged across 200 commits is read once, not 200 times.
final class GitBlobs {
    let git: String
    let directory: String
    let environment: [String: String]
    private var process: GitObjects?
    /// The `cat-file --batch-check` process that tells blob sizes.
    var checker: GitObjects?
    /// Every tree object read so far, by id, and every blob's size.
    var nodes: [String: TreeNode] = [:]
    var sizes: [String: Int64] = [:]
    /// The folder a submodule shows as.
    let emptyFolder = TreeNode(id: "", entries: [], serial: 0)
    /// Lines or matching lines of each blob, by what was counted.
    private var counted: [FileReader.Target: [String: Int64]] = [:]
    private var texts: [String: [UInt8]] = [:]
    private var rules: [String: IgnoreRules?] = [:]
    private var matchers: [FileReader.Target: LineMatcher] = [:]
    /// How many blobs were read, and their bytes.
    private(set) var blobsRead = 0
    private(set) var bytesRead = 0

    init(git: String, directory: String, environment: [String: String]) {
        self.git = git
        self.directory = directory
        self.environment = environment
    }

    /// The `cat-file --batch` process, started on first use and again after a failure ended it.
    func objects() throws(ProbeError) -> GitObjects {
        if let process, !process.broken { return process }
        let started = try GitObjects(git: git, directory: directory, environment: environment)
        process = started
        return started
    }

    /// The counts of `wanted` blobs for each target; blobs not counted before are read, all in one pass.
    func counts(_ wanted: [FileReader.Target: Set<String>]) throws(ProbeError) -> [FileReader.Target: [String: Int64]] {
        var missing: [String: [FileReader.Target]] = [:]
        for (target, blobs) in wanted {
            let known = counted[target] ?? [:]
            for blob in blobs where known[blob] == nil { missing[blob, default: []].append(target) }
        }
        if !missing.isEmpty {
            let order = missing.keys.sorted()
            var newlines = 0
            var active: [FileReader.Target] = []
            var grepping: [LineMatcher] = []
            try objects().read(order, begin: { index, _ in
                newlines = 0
                active = missing[order[index]]!
                grepping = []
                for target in active {
                    guard case .grep(let pattern, let ignoreCase, let extended) = target else { continue }
                    if matchers[target] == nil { matchers[target] = try? LineMatcher(pattern: pattern, ignoreCase: ignoreCase, extended: extended) }
                    if let matcher = matchers[target] {
                        matcher.reset()
                        grepping.append(matcher)
                    }
                }
            }, chunk: { bytes in
                bytesRead += bytes.count
                if active.contains(.lines) { newlines += NewlineCounter.count(bytes.baseAddress!, bytes.count) }
                for matcher in grepping { matcher.feed(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count) }
            }, finish: { index in
                blobsRead += 1
                let blob = order[index]
                for target in active {
                    switch target {
                    case .lines: counted[target, default: [:]][blob] = Int64(newlines)
                    case .grep:
                        guard let matcher = matchers[target] else { continue }
                        matcher.finish()
                        counted[target, default: [:]][blob] = Int64(matcher.count)
                    }
                }
            })
        }
        var result: [FileReader.Target: [String: Int64]] = [:]
        for target in wanted.keys { result[target] = counted[target] }
        return result
    }

    /// The content of a small blob (a link's target, a `.gitignore`), or nil when git cannot read it.
    func text(blob: String) -> [UInt8]? {
        if let known = texts[blob] { return known }
        var bytes: [UInt8] = []
        do throws(ProbeError) {
            try objects().read([blob], begin: { _, _ in }, chunk: { bytes += $0 }, finish: { _ in })
        } catch {
            return nil
        }
        texts[blob] = bytes
        return bytes
    }

    /// The rules of the `.gitignore` blob for the folder `base`, or nil when it has none.
    func ignoreRules(blob: String, base: [UInt8]) -> IgnoreRules? {
        let key = blob + "\u{0}" + String(decoding: base, as: UTF8.self)
        if let known = rules[key] { return known }
        let parsed = text(blob: blob).map { IgnoreRules(base: base, text: String(decoding: $0, as: UTF8.self)) }
        let kept = parsed.flatMap { $0.rules.isEmpty ? nil : $0 }
        rules[key] = kept
        return kept
    }
}
