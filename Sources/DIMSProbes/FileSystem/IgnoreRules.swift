#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DIMSSystem
import Foundation

/// The rules of one `.gitignore` file, matched against paths below its folder as git matches them.
final class IgnoreRules: Sendable {
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

    /// The rules of `text`; with `unanchoredOnly`, only those that match a name wherever it is (for rules
    /// anchored at a repository's top folder when the walk starts below it).
    init(base: [UInt8], text: String, unanchoredOnly: Bool = false) {
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
            guard !line.isEmpty, !(unanchoredOnly && anchored) else { continue }
            rules.append(Rule(glob: Glob(String(line)), negated: negated, folderOnly: folderOnly, anchored: anchored))
        }
        self.rules = rules
    }

    /// Reads the `.gitignore` in the folder at `systemPath`, if there is one.
    static func load(systemPath: [UInt8], base: [UInt8]) -> IgnoreRules? {
        load(file: systemPath + Array("/.gitignore".utf8), base: base)
    }

    /// Reads the ignore file at `file`, if there is one.
    static func load(file: [UInt8], base: [UInt8], unanchoredOnly: Bool = false) -> IgnoreRules? {
        guard let bytes = readAll(file) else { return nil }
        let rules = IgnoreRules(base: base, text: String(decoding: bytes, as: UTF8.self), unanchoredOnly: unanchoredOnly)
        return rules.rules.isEmpty ? nil : rules
    }

    /// The rules git applies below every `.gitignore` of the repository holding `root`, weakest first: the user's
    /// `core.excludesFile` (by default `$XDG_CONFIG_HOME/git/ignore`, else `~/.config/git/ignore`), then the
    /// repository's `info/exclude`. Their patterns are relative to the repository's top folder; when `root` lies
    /// below it, only the rules that match a name anywhere apply.
    static func repositoryExcludes(root: String, environment: [String: String]) -> [IgnoreRules] {
        guard let (_, commonDir, workTree) = GitRefState.locate(from: root) else { return [] }
        let below = workTree.trimmingTrailingSlashes != root.trimmingTrailingSlashes
        let files = [excludesFile(commonDir: commonDir, environment: environment), commonDir + "/info/exclude"]
        return files.compactMap { $0 }.compactMap { load(file: Array($0.utf8), base: [], unanchoredOnly: below) }
    }

    /// The path of `core.excludesFile`: the last setting in the system, global and repository config files, or git's
    /// default. (`include` and `includeIf` sections are not followed.)
    static func excludesFile(commonDir: String, environment: [String: String]) -> String? {
        let home = environment["HOME"] ?? ""
        let xdg = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        // As git reads them: GIT_CONFIG_NOSYSTEM leaves the system file out, GIT_CONFIG_SYSTEM and GIT_CONFIG_GLOBAL replace the files.
        let noSystem = ["1", "true", "yes", "on"].contains(environment["GIT_CONFIG_NOSYSTEM"]?.lowercased() ?? "")
        let system = noSystem ? [] : [environment["GIT_CONFIG_SYSTEM"] ?? "/etc/gitconfig"]
        let global = environment["GIT_CONFIG_GLOBAL"].map { [$0] } ?? [xdg + "/git/config", home + "/.gitconfig"]
        var setting: String?
        for file in system + global + [commonDir + "/config"] {
            if let bytes = readAll(Array(file.utf8)), let value = coreExcludesFile(String(decoding: bytes, as: UTF8.self)) { setting = value }
        }
        guard let setting else { return home.isEmpty && environment["XDG_CONFIG_HOME"] == nil ? nil : xdg + "/git/ignore" }
        if setting.hasPrefix("~/") { return home + setting.dropFirst(1) }
        return setting
    }

    /// The value of `excludesFile` in the `[core]` section of a git config file's text, the last one if several.
    static func coreExcludesFile(_ text: String) -> String? {
        var inCore = false
        var value: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                inCore = line.lowercased().hasPrefix("[core]")
                continue
            }
            guard inCore, let equals = line.firstIndex(of: "=") else { continue }
            guard line[..<equals].trimmingCharacters(in: .whitespaces).lowercased() == "excludesfile" else { continue }
            line = String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            if let hash = line.firstIndex(where: { $0 == "#" || $0 == ";" }), !line.hasPrefix("\"") { line = String(line[..<hash]).trimmingCharacters(in: .whitespaces) }
            if line.count >= 2, line.hasPrefix("\""), line.hasSuffix("\"") { line = String(line.dropFirst().dropLast()) }
            value = line.isEmpty ? nil : line
        }
        return value
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

    /// The bytes of the file at `path` (up to an error or its end), or nil when it cannot be opened.
    static func readAll(_ path: [UInt8]) -> [UInt8]? {
        let terminated = path + [0]
        let fd = terminated.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { POSIX.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return bytes
    }
}

extension String {
    /// The path without slashes at its end (but `/` stays `/`).
    var trimmingTrailingSlashes: String {
        var text = Substring(self)
        while text.count > 1, text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
