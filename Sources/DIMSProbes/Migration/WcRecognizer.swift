public import DIMSCore

/// Recognises `wc -l F... | tail -1 | awk '{print $1}'`, `wc -l < F` and `cat F... | wc -l` as a `lines` metric.
///
/// Shell globs in the last part of a path (`scripts/*.py`) become sets matching that pattern, without hidden files, as the shell expands them.
public struct WcRecognizer: CommandRecognizer {
    public init() {}

    public func recognize(_ command: String) -> RecognizedCommand? {
        guard let shell = ShellCommand(command) else { return nil }
        var files: [ShellCommand.Word]
        if case .word(let wc)? = shell.tokens.first, wc.text == "wc", shell.tokens.count >= 4,
           shell.tokens[1] == .word(.init(text: "-l")), shell.tokens[2] == .op("<"), case .word(let file) = shell.tokens[3] {
            guard let rest = ShellCommand.stages(Array(shell.tokens[4...])), Pipeline.onlyFilters(rest[...]) else { return nil }
            files = [file]
        } else {
            guard let stages = shell.stages else { return nil }
            let head = stages[0].map(\.text)
            if head.first == "cat", stages.count >= 2, Pipeline.isLineCount(stages[1]), Pipeline.onlyFilters(stages[2...]) {
                files = Array(stages[0].dropFirst())
            } else if head.starts(with: ["wc", "-l"]), Pipeline.onlyFilters(stages[1...]) {
                files = Array(stages[0].dropFirst(2))
                let summed = stages[1...].contains { $0.first?.text == "tail" }
                guard files.count == 1 && !files[0].globs || summed else { return nil }
            } else {
                return nil
            }
        }
        guard !files.isEmpty, let options = WcRecognizer.fileSets(files) else { return nil }
        // `wc -l A B | tail -1` and `cat A B | wc -l` still print the total of the files that exist when one is missing.
        guard files.count >= 2 else { return RecognizedCommand(options: [("source", .string("lines"))] + options) }
        return RecognizedCommand(options: [("source", .string("lines"))] + options + [("missing", .string("skip"))],
                                 notes: ["a missing file counted nothing in the original's total; 'missing: skip' keeps that"])
    }

    /// The options that read these shell words: `paths` for plain files, `sets` when some are globs.
    static func fileSets(_ words: [ShellCommand.Word]) -> [(key: String, value: ConfigValue)]? {
        var plain: [String] = []
        var globbed: [ConfigValue] = []
        for word in words {
            if Pipeline.isPlainPath(word) { plain.append(word.text); continue }
            guard word.globs, !word.text.contains("$"), word.substitution == nil else { return nil }
            let parts = word.text.split(separator: "/", omittingEmptySubsequences: false)
            guard let last = parts.last, !last.hasPrefix("."), !parts.dropLast().joined().contains(where: { "*?[".contains($0) }) else { return nil }
            let folder = parts.count > 1 ? parts.dropLast().joined(separator: "/") : "."
            let pattern = FileSet.normalize(word.text, home: nil)
            globbed.append(.map([("paths", .string(folder)), ("include", .string(parts.count > 1 ? pattern : String(last))), ("follow_symlinks", .string("files"))]))
        }
        if globbed.isEmpty { return [("paths", Pipeline.paths(plain))] }
        if !plain.isEmpty { globbed.append(.map([("paths", Pipeline.paths(plain))])) }
        return [("sets", .list(globbed))]
    }
}

extension ShellCommand {
    /// The pipeline stages of a token list, or nil when it has other operators.
    static func stages(_ tokens: [Token]) -> [[Word]]? {
        if tokens.isEmpty { return [] }
        guard tokens.first == .op("|") else { return nil }
        var copy = ShellCommand("")!
        copy.tokens = Array(tokens.dropFirst())
        return copy.stages
    }
}
