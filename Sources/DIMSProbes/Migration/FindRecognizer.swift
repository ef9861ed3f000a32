public import DIMSCore

/// Recognises `find P... [-name G] [-path Q] -type f | wc -l` (a `files` metric) and
/// `find P... [-name G] [-path Q] [-type f] -exec cat {} \; | wc -l` (a `lines` metric).
public struct FindRecognizer: CommandRecognizer {
    public init() {}

    public func recognize(_ command: String) -> RecognizedCommand? {
        guard let shell = ShellCommand(command), let stages = shell.stages, stages.count >= 2, Pipeline.isLineCount(stages[1]),
              Pipeline.onlyFilters(stages[2...]) else { return nil }
        var words = stages[0][...]
        guard words.popFirst()?.text == "find" else { return nil }
        var starts: [String] = []
        while let word = words.first, !word.text.hasPrefix("-") {
            guard Pipeline.isPlainPath(word), word.text != "!" , word.text != "(" else { return nil }
            starts.append(word.text)
            words.removeFirst()
        }
        if starts.isEmpty { starts = ["."] }
        var name: String?, path: String?, filesOnly = false, cats = false
        while let word = words.popFirst() {
            switch word.text {
            case "-name":
                guard name == nil, let value = words.popFirst(), !value.expands, !value.text.contains("/") else { return nil }
                name = value.text
            case "-path", "-wholename":
                guard path == nil, let value = words.popFirst(), !value.expands else { return nil }
                path = value.text
            case "-type":
                guard words.popFirst()?.text == "f" else { return nil }
                filesOnly = true
            case "-exec":
                guard !cats, Array(words.prefix(3).map(\.text)) == ["cat", "{}", ";"] || Array(words.prefix(3).map(\.text)) == ["cat", "{}", "+"] else { return nil }
                words.removeFirst(3)
                cats = true
            default:
                return nil
            }
        }
        guard filesOnly || cats else { return nil }
        var options: [(key: String, value: ConfigValue)] = [("source", .string(cats ? "lines" : "files"))]
        options.append(("paths", Pipeline.paths(starts)))
        if let name { options.append(("include", .string(name))) }
        if let path {
            guard let converted = FindRecognizer.pathPattern(path, starts: starts) else { return nil }
            options.append(("require", .string(converted)))
        }
        options.append(("hidden", .boolean(true)))
        if cats, !filesOnly { options.append(("follow_symlinks", .string("files"))) }
        // `find F 2>/dev/null | wc -l` printed 0 for a folder that does not exist; without `2>/dev/null` it printed an error too.
        guard shell.quieted, starts.contains(where: { FileSet.normalize($0, home: nil) != "." }) else { return RecognizedCommand(options: options) }
        options.append(("missing", .string(starts.count == 1 ? "zero" : "skip")))
        return RecognizedCommand(options: options, notes: [
            "the original hid find's errors (2>/dev/null), so a folder that does not exist counted 0; 'missing: \(starts.count == 1 ? "zero" : "skip")' keeps that "
                + "(remove it to make a missing folder an error)",
        ])
    }

    /// A `find -path` pattern as a dims glob matching the same paths: `*` (which crosses folders in `find`) becomes `**`, and a leading `./` goes.
    static func pathPattern(_ pattern: String, starts: [String]) -> String? {
        // `find ./x` prints `./x/...`, which dims shows as `x/...`: only plain starts keep -path patterns exact.
        guard !pattern.contains("?"), starts.allSatisfy({ $0 == "." || FileSet.normalize($0, home: nil) == $0 }) else { return nil }
        var text = pattern
        let normalized = starts.map { FileSet.normalize($0, home: nil) }
        if text.hasPrefix("./") {
            guard normalized == ["."] else { return nil }
            text.removeFirst(2)
        } else if !text.hasPrefix("*") {
            guard normalized.count == 1, text.hasPrefix(normalized[0] + "/") else { return nil }
        }
        // Relative starts other than `.` are printed first, so a leading `*/` needs at least one character before its slash.
        let needsPrefix = text.hasPrefix("*/") && normalized != ["."] && !normalized.contains { $0.hasPrefix("/") }
        var out = needsPrefix ? "?" : ""
        var previous: Character?
        for c in text {
            if c == "*", previous != "*" { out += "**" } else if c != "*" { out.append(c) }
            previous = c
        }
        return out
    }
}
