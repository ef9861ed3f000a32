public import DIMSCore

/// Recognises `git log [--since=…] [--until=…] [--author=…] --oneline [--all] [-- P…] [| grep [-i] X] | wc -l`
/// and `git rev-list --count HEAD|--all` as a `git` metric.
public struct GitLogRecognizer: CommandRecognizer {
    public init() {}

    public func recognize(_ command: String) -> RecognizedCommand? {
        guard let stages = ShellCommand(command)?.stages else { return nil }
        var words = stages[0].map(\.text)[...]
        guard words.popFirst() == "git", !stages[0].contains(where: \.expands) else { return nil }
        var options: [(key: String, value: ConfigValue)] = [("source", .string("git"))]
        var rest = stages[1...]
        switch words.popFirst() {
        case "log":
            guard words.contains("--oneline") else { return nil }
            if let grep = rest.first, grep.first?.text == "grep" {
                let flags = grep.dropFirst().filter { $0.text.hasPrefix("-") }.map { $0.text.dropFirst() }.joined()
                let operands = grep.dropFirst().filter { !$0.text.hasPrefix("-") }
                guard operands.count == 1, !operands[0].expands, flags.allSatisfy({ "iE".contains($0) }) else { return nil }
                options += [("grep", .string(operands[0].text)), ("grep_scope", .string("oneline"))]
                if flags.contains("i") { options.append(("ignore_case", .boolean(true))) }
                if flags.contains("E") { options.append(("extended", .boolean(true))) }
                rest = rest.dropFirst()
            }
            guard let count = rest.first, Pipeline.isLineCount(count), Pipeline.onlyFilters(rest.dropFirst()) else { return nil }
        case "rev-list":
            guard words.contains("--count"), Pipeline.onlyFilters(rest) else { return nil }
            words.removeAll { $0 == "--count" || $0 == "HEAD" }
        default:
            return nil
        }
        var paths: [String] = []
        while let word = words.popFirst() {
            if word == "--" { paths = Array(words); break }
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            let value = parts.count == 2 ? parts[1] : nil
            switch parts[0] {
            case "--oneline": break
            case "--all": options.append(("all", .boolean(true)))
            case "--since", "--after", "--until", "--before", "--author":
                guard let text = value ?? words.popFirst() else { return nil }
                let key = ["--after": "since", "--before": "until"][parts[0]] ?? String(parts[0].dropFirst(2))
                options.append((key, .string(text)))
            default: return nil
            }
        }
        if !paths.isEmpty { options.append(("paths", Pipeline.paths(paths))) }
        return RecognizedCommand(options: options)
    }
}
