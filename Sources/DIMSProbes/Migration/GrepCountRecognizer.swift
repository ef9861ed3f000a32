public import DIMSCore

/// Recognises `grep -c RE FILE` (with `-i`, `-E`) as a `grep` metric.
public struct GrepCountRecognizer: CommandRecognizer {
    public init() {}

    public func recognize(_ command: String) -> RecognizedCommand? {
        guard let stages = ShellCommand(command)?.stages, Pipeline.onlyFilters(stages[1...]) else { return nil }
        var words = stages[0][...]
        guard words.popFirst()?.text == "grep" else { return nil }
        var flags = "", operands: [ShellCommand.Word] = []
        while let word = words.popFirst() {
            if word.text == "-e", let pattern = words.popFirst() { operands.insert(pattern, at: 0); continue }
            if word.text.hasPrefix("-"), operands.isEmpty { flags += word.text.dropFirst(); continue }
            operands.append(word)
        }
        guard flags.contains("c"), flags.allSatisfy({ "ciE".contains($0) }), operands.count == 2,
              !operands[0].expands, Pipeline.isPlainPath(operands[1]) else { return nil }
        var options: [(key: String, value: ConfigValue)] = [
            ("source", .string("grep")), ("paths", .string(operands[1].text)), ("pattern", .string(operands[0].text)),
        ]
        if flags.contains("i") { options.append(("ignore_case", .boolean(true))) }
        if flags.contains("E") { options.append(("extended", .boolean(true))) }
        return RecognizedCommand(options: options)
    }
}
