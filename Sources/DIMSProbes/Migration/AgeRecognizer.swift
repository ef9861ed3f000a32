public import DIMSCore

/// Recognises `echo $(( ($(date +%s) - $(stat -c %Y F)) / 86400 ))` (or BSD `stat -f %m`, or `/ 3600`) as an `age` metric.
public struct AgeRecognizer: CommandRecognizer {
    public init() {}

    public func recognize(_ command: String) -> RecognizedCommand? {
        guard let stages = ShellCommand(command)?.stages, stages.count == 1, stages[0].count == 2, stages[0][0].text == "echo",
              let arithmetic = stages[0][1].substitution else { return nil }
        let compact = arithmetic.filter { !$0.isWhitespace }
        for (stat, _) in [("$(stat-c%Y", "gnu"), ("$(stat-f%m", "bsd")] {
            for (divisor, unit) in [("86400", "days"), ("3600", "hours")] {
                let prefix = "((($(date+%s)-" + stat
                let suffix = "))/" + divisor + "))"
                guard compact.hasPrefix(prefix), compact.hasSuffix(suffix) else { continue }
                let inner = arithmetic.split(separator: "$(stat", maxSplits: 1).last.map(String.init) ?? ""
                guard let words = ShellCommand("stat" + (inner.split(separator: ")", maxSplits: 1).first.map(String.init) ?? ""))?.stages,
                      words.count == 1, words[0].count == 4, Pipeline.isPlainPath(words[0][3]) else { return nil }
                return RecognizedCommand(options: [("source", .string("age")), ("paths", .string(words[0][3].text)), ("unit", .string(unit))])
            }
        }
        return nil
    }
}

private extension String {
    func split(separator: String, maxSplits: Int) -> [Substring] {
        guard let range = range(of: separator) else { return [self[...]] }
        return [self[..<range.lowerBound], self[range.upperBound...]]
    }

    func range(of other: String) -> Range<Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(other) { return index..<self.index(index, offsetBy: other.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
