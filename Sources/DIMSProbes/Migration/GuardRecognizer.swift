public import DIMSCore

/// Recognises `[ -f F ] && X || echo N` (or `-d`, or `test`) where X reads only F: X's metric with `missing: zero` or `missing: N`.
public struct GuardRecognizer: CommandRecognizer {
    public var inner: [any CommandRecognizer]

    public init(inner: [any CommandRecognizer] = ConfigMigrator.simpleRecognizers) {
        self.inner = inner
    }

    public func recognize(_ command: String) -> RecognizedCommand? {
        let ands = Pipeline.splitTopLevel(command, by: "&&")
        guard ands.count == 2 else { return nil }
        let ors = Pipeline.splitTopLevel(ands[1], by: "||")
        guard ors.count == 2, let test = ShellCommand(ands[0])?.stages, test.count == 1,
              let fallback = ShellCommand(ors[1])?.stages, fallback.count == 1 else { return nil }
        let words = test[0].map(\.text)
        let path: String
        if words.count == 4, words[0] == "[", words[3] == "]", ["-f", "-d", "-e"].contains(words[1]) { path = words[2] }
        else if words.count == 3, words[0] == "test", ["-f", "-d", "-e"].contains(words[1]) { path = words[2] }
        else { return nil }
        guard fallback[0].count == 2, fallback[0][0].text == "echo", let number = Double(fallback[0][1].text) else { return nil }
        guard var recognized = inner.lazy.compactMap({ $0.recognize(ors[0]) }).first,
              ConfigValue.map(recognized.options)["paths"]?.strings.map({ $0.map { FileSet.normalize($0, home: nil) } }) == [FileSet.normalize(path, home: nil)]
        else { return nil }
        let missing: ConfigValue = number == 0 ? .string("zero") : (number == number.rounded() ? .integer(Int64(number)) : .float(number))
        // The guard decides what a missing path gives, whatever the inner command would have printed.
        recognized.options.removeAll { $0.key == "missing" }
        recognized.notes.removeAll { $0.hasPrefix("the original hid find's errors") }
        recognized.options.append(("missing", missing))
        recognized.notes.append("the original printed \(fallback[0][1].text) when '\(path)' was missing; 'missing' keeps that")
        return recognized
    }
}
