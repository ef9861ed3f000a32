import Glibc

/// The rules of one `.gitignore` file, matched against paths below its folder as git matches them.
final class IgnoreRules: @unchecked Sendable {
    struct Rule {
        var glob: Glob
        var negated: Bool
        var folderOnly: Bool
        /// Whether the rule matches the path below the folder rather than the name alone.
        var anchored: Bool
    }

    /// The folder of the `.gitignore`, as the walk shows it (empty for the project root).
    let base: [UInt8]
    let rules: [Rule]

    init(base: [UInt8], text: String) {
        self.base = base
        var rules: [Rule] = []
        // Split on the scalar, since "\r\n" is a single Character.
        for scalars in text.unicodeScalars.split(separator: "\n") {
            var line = Substring(scalars.last == "\r" ? scalars.dropLast() : scalars)
            while line.hasSuffix(" "), !line.hasSuffix("\\ ") { line = line.dropLast() }
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            var negated = false
            if line.hasPrefix("!") { negated = true; line = line.dropFirst() } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") { line = line.dropFirst() }
            var folderOnly = false
            if line.hasSuffix("/") { folderOnly = true; line = line.dropLast() }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line = line.dropFirst() }
            guard !line.isEmpty else { continue }
            rules.append(Rule(glob: Glob(String(line)), negated: negated, folderOnly: folderOnly, anchored: anchored))
        }
        self.rules = rules
    }

    /// Reads the `.gitignore` in the folder at `systemPath`, if there is one.
    static func load(systemPath: [UInt8], base: [UInt8]) -> IgnoreRules? {
        let file = systemPath + Array("/.gitignore".utf8) + [0]
        let fd = file.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        let rules = IgnoreRules(base: base, text: String(decoding: bytes, as: UTF8.self))
        return rules.rules.isEmpty ? nil : rules
    }

    /// Whether the entry at `shown` (a path the walk shows, below `levels`' folders) is ignored: the deepest, last matching rule decides.
    static func ignores(_ levels: [IgnoreRules], shown: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>, isFolder: Bool) -> Bool {
        for level in levels.reversed() {
            let start = level.base.isEmpty ? 0 : level.base.count + 1
            guard shown.count > start else { continue }
            let relative = UnsafeBufferPointer(rebasing: shown[start...])
            for rule in level.rules.reversed() where !rule.folderOnly || isFolder {
                if rule.glob.matches(rule.anchored ? relative : name) { return !rule.negated }
            }
        }
        return false
    }
}
