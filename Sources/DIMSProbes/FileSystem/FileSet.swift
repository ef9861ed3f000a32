import Foundation
import DIMSCore

/// A set of files a metric reads: folders and files, the patterns they must match, and how the walk treats hidden files and links.
struct FileSet: Sendable {
    /// How symbolic links count: skipped (`find -type f`), linked files only, or followed everywhere (`find -L`).
    enum Links: Sendable { case skip, files, follow }

    var paths: [String]
    var include: [Glob] = []
    var exclude: [Glob] = []
    /// Patterns a file must all match, besides one of `include` (`find -path A -name B`).
    var require: [Glob] = []
    var hidden = false
    var links = Links.skip
    var gitignore = false

    /// Whether the set takes every entry, folders included, rather than matching files by pattern.
    var takesEverything: Bool { include.isEmpty && exclude.isEmpty && require.isEmpty }

    /// Reads a set from a metric's options, or from one item of its `sets` list with the metric's set as defaults.
    init(_ option: (String) -> ConfigValue?, defaults: FileSet?, home: String?) throws(ProbeError) {
        let written = option("paths")?.strings ?? option("path")?.strings
        paths = (written ?? defaults?.paths ?? ["."]).map { FileSet.normalize($0, home: home) }
        include = (option("include")?.strings ?? []).map(Glob.init)
        exclude = (option("exclude")?.strings ?? []).map(Glob.init)
        require = (option("require")?.strings ?? []).map(Glob.init)
        hidden = try FileSet.flag(option, "hidden") ?? defaults?.hidden ?? false
        gitignore = try FileSet.flag(option, "gitignore") ?? defaults?.gitignore ?? false
        links = defaults?.links ?? .skip
        if let value = option("follow_symlinks") {
            switch value.string?.lowercased() {
            case "files": links = .files
            case let text? where ConfigValue.string(text).bool != nil: links = ConfigValue.string(text).bool! ? .follow : .skip
            default: throw .invalidOption("follow_symlinks", value.string ?? "?", expected: "true, false or 'files'")
            }
        }
    }

    /// Whether a file (or, for a set that takes everything, any entry) with this name and path belongs to the set.
    func accepts(name: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>) -> Bool {
        func test(_ glob: Glob) -> Bool { glob.matches(glob.matchesName ? name : path) }
        if !include.isEmpty, !include.contains(where: test) { return false }
        if !require.allSatisfy(test) { return false }
        return !exclude.contains(where: test)
    }

    static func flag(_ option: (String) -> ConfigValue?, _ key: String) throws(ProbeError) -> Bool? {
        guard let value = option(key) else { return nil }
        guard let flag = value.bool else { throw .invalidOption(key, value.string ?? "?", expected: "true or false") }
        return flag
    }

    /// The path as `find` would print it from the project root, without `./`: `.`, `docs`, `/data/espn`.
    static func normalize(_ path: String, home: String?) -> String {
        var text = path
        if let home, text == "~" || text.hasPrefix("~/") { text = home + text.dropFirst() }
        while text.hasPrefix("./") { text.removeFirst(2) }
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        while text.contains("//") { text = text.replacingOccurrences(of: "//", with: "/") }
        return text.isEmpty ? "." : text
    }
}
