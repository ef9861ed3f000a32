import DIMSCore

/// Reading the pieces common to counting pipelines: `wc -l`, and filters that pass one number through unchanged.
enum Pipeline {
    typealias Word = ShellCommand.Word

    /// Whether the stage is exactly `wc -l` reading its input.
    static func isLineCount(_ stage: [Word]) -> Bool {
        stage.map(\.text) == ["wc", "-l"]
    }

    /// Whether the stage leaves a single number as it is: `tr -d ' '`, `xargs`, `awk '{print $1}'`, `cut -f1`, `tail -1`.
    static func isNumberFilter(_ stage: [Word]) -> Bool {
        let words = stage.map(\.text)
        switch words.first {
        case "tr": return words.count == 3 && words[1] == "-d" && [" ", "[:space:]", " \\n", "\\n", " \n"].contains(words[2])
        case "xargs": return words.count == 1
        case "awk": return words.count == 2 && words[1].filter { !$0.isWhitespace } == "{print$1}"
        case "cut": return words.dropFirst().filter { $0 != "-d" && $0 != " " && $0 != "-d " } == ["-f1"] || words == ["cut", "-f", "1"]
        case "tail": return words == ["tail", "-1"] || words == ["tail", "-n", "1"] || words == ["tail", "-n1"]
        case "head": return words == ["head", "-1"] || words == ["head", "-n", "1"] || words == ["head", "-n1"]
        default: return false
        }
    }

    /// Whether every stage from the given one on is a number filter.
    static func onlyFilters(_ stages: ArraySlice<[Word]>) -> Bool {
        stages.allSatisfy(isNumberFilter)
    }

    /// Whether a word is a plain path: nothing for the shell to expand but a leading `~`.
    static func isPlainPath(_ word: Word) -> Bool {
        !word.globs && !word.text.contains("$") && word.substitution == nil && !word.text.hasPrefix("-")
    }

    /// A list of paths as an option value: one string, or a list.
    static func paths(_ paths: [String]) -> ConfigValue {
        paths.count == 1 ? .string(paths[0]) : .list(paths.map { .string($0) })
    }

    /// Splits `text` at each top-level `separator` (outside quotes and parentheses).
    static func splitTopLevel(_ text: String, by separator: String) -> [String] {
        let chars = Array(text), sep = Array(separator)
        var parts: [String] = [], current = "", depth = 0, quote: Character?
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
                current.append(c)
            } else if c == "'" || c == "\"" {
                quote = c
                current.append(c)
            } else if c == "(" { depth += 1; current.append(c) }
            else if c == ")" { depth -= 1; current.append(c) }
            else if depth == 0, i + sep.count <= chars.count, Array(chars[i..<(i + sep.count)]) == sep {
                parts.append(current)
                current = ""
                i += sep.count
                continue
            } else {
                current.append(c)
            }
            i += 1
        }
        parts.append(current)
        return parts.map { $0.trimmingSpaces }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
