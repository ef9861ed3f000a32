public import DIMSCore

/// Recognises `du -sm P | awk '{print $1}'` (and `-sk`, `-sg`) as a `bytes` metric of disk usage, rounded up as `du` rounds.
public struct DuRecognizer: CommandRecognizer {
    public init() {}

    public func recognize(_ command: String) -> RecognizedCommand? {
        guard let stages = ShellCommand(command)?.stages, Pipeline.onlyFilters(stages[1...]) else { return nil }
        let words = stages[0]
        guard words.first?.text == "du", words.count >= 3 else { return nil }
        var flags = ""
        var paths: [String] = []
        for word in words.dropFirst() {
            if word.text.hasPrefix("-") { flags += word.text.dropFirst() } else if Pipeline.isPlainPath(word) || word.text.hasPrefix("~") { paths.append(word.text) } else { return nil }
        }
        guard flags.contains("s"), paths.count == 1, flags.allSatisfy({ "smkg".contains($0) }) else { return nil }
        let unit = flags.contains("g") ? "GB" : flags.contains("m") ? "MB" : "KB"
        var notes: [String] = []
        if flags.contains("g") { notes.append("'du -g' is the BSD form; dims counts GiB and rounds up, as BSD du does") }
        return RecognizedCommand(options: [
            ("source", .string("bytes")), ("paths", .string(paths[0])), ("usage", .string("disk")), ("unit", .string(unit)),
            ("rounding", .string("up")), ("hidden", .boolean(true)),
        ], notes: notes)
    }
}
