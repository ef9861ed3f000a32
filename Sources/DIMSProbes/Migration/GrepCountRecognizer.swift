public import DIMSCore

/// Recognises `grep -c RE FILE` and `cat FILE... | grep -c RE` (with `-i`, `-E`) as a `grep` metric.
public struct GrepCountRecognizer: CommandRecognizer {
    public init() {}

    public func recognize(_ command: String) -> RecognizedCommand? {
        guard let stages = ShellCommand(command)?.stages else { return nil }
        var files: [ShellCommand.Word] = []
        var grep = stages[0][...]
        if stages.count >= 2, stages[0].first?.text == "cat" {
            files = Array(stages[0].dropFirst())
            grep = stages[1][...]
        }
        guard Pipeline.onlyFilters(stages[(files.isEmpty ? 1 : 2)...]), grep.popFirst()?.text == "grep" else { return nil }
        var flags = "", operands: [ShellCommand.Word] = []
        while let word = grep.popFirst() {
            if word.text == "-e", let pattern = grep.popFirst() { operands.insert(pattern, at: 0); continue }
            if word.text.hasPrefix("-"), operands.isEmpty { flags += word.text.dropFirst(); continue }
            operands.append(word)
        }
        if files.isEmpty { files = Array(operands.dropFirst()) } else { guard operands.count == 1 else { return nil } }
        guard flags.contains("c"), flags.allSatisfy({ "ciE".contains($0) }), operands.count >= 1, !operands[0].expands, !files.isEmpty,
              operands.count == 1 || files.count == 1, let paths = WcRecognizer.fileSets(files) else { return nil }
        // `grep -c RE A B` prints a count per file; only one file, or `cat`'s one stream, gives a single count.
        guard files.count == 1 || stages[0].first?.text == "cat", files.count == 1 ? Pipeline.isPlainPath(files[0]) : true else { return nil }
        var options: [(key: String, value: ConfigValue)] = [("source", .string("grep"))] + paths + [("pattern", .string(operands[0].text))]
        if flags.contains("i") { options.append(("ignore_case", .boolean(true))) }
        if flags.contains("E") { options.append(("extended", .boolean(true))) }
        guard files.count >= 2 else { return RecognizedCommand(options: options) }
        return RecognizedCommand(options: options + [("missing", .string("skip"))],
                                 notes: ["'cat' went on past a missing file and grep counted the rest; 'missing: skip' keeps that"])
    }
}
