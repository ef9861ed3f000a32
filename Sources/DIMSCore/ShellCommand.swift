/// A shell command split into words and operators the way `sh` would, for the simple shapes `config migrate` reads.
///
/// The one shell reader of the command recognisers, local (`DIMSProbes`) and S3 (`DIMSS3`) alike.
public struct ShellCommand: Sendable {
    /// One word: its text with quotes removed, and whether anything in it is left for the shell to expand.
    public struct Word: Hashable, Sendable {
        public var text: String
        /// Whether it has an unquoted `*`, `?` or `[`.
        public var globs = false
        /// Whether it has a `$` expansion (a leading `~` is left to `paths`, which expands it).
        public var expands = false
        /// The text of a `$(...)` or `$((...))` that is the whole word, without the `$`.
        public var substitution: String?

        public init(text: String, globs: Bool = false, expands: Bool = false, substitution: String? = nil) {
            self.text = text
            self.globs = globs
            self.expands = expands
            self.substitution = substitution
        }

        /// Whether the shell passes the word on as its text: nothing to expand or glob.
        public var isLiteral: Bool { !globs && !expands && substitution == nil }
    }
    public enum Token: Hashable, Sendable { case word(Word), op(String) }

    public var tokens: [Token]
    /// Whether the command sent its errors to `/dev/null` (`2>/dev/null`), so a missing file printed no more than its count.
    public var quieted = false

    /// Splits `text`; nil when it uses syntax the migrator does not read (backquotes, unbalanced quotes).
    public init?(_ text: String) {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        var word: Word?
        func flush() { if let w = word { tokens.append(.word(w)) }; word = nil }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case " ", "\t", "\n":
                flush()
            case "'":
                guard let end = chars[(i + 1)...].firstIndex(of: "'") else { return nil }
                word = word ?? Word(text: "")
                word!.text += String(chars[(i + 1)..<end])
                i = end
            case "\"":
                var j = i + 1
                word = word ?? Word(text: "")
                while j < chars.count, chars[j] != "\"" {
                    if chars[j] == "\\", j + 1 < chars.count, "\"\\$`".contains(chars[j + 1]) { j += 1 }
                    else if chars[j] == "$" || chars[j] == "`" { word!.expands = true }
                    word!.text.append(chars[j])
                    j += 1
                }
                guard j < chars.count else { return nil }
                i = j
            case "\\":
                guard i + 1 < chars.count else { return nil }
                word = word ?? Word(text: "")
                word!.text.append(chars[i + 1])
                i += 1
            case "`":
                return nil
            case "$" where i + 1 < chars.count && chars[i + 1] == "(":
                guard let end = ShellCommand.closing(chars, from: i + 1) else { return nil }
                let inner = String(chars[(i + 1)...end])
                if word == nil, end + 1 == chars.count || " \t|;&)".contains(chars[end + 1]) {
                    word = Word(text: "$" + inner, expands: true, substitution: inner)
                } else {
                    word = word ?? Word(text: "")
                    word!.text += "$" + inner
                    word!.expands = true
                }
                i = end
            case "|", "&", ";", "<", ">":
                let twoChars = i + 1 < chars.count ? String([c, chars[i + 1]]) : ""
                if ["||", "&&", ">>", "2>"].contains(twoChars) {
                    flush(); tokens.append(.op(twoChars)); i += 1
                } else if c == ">", word?.text == "2", word?.globs == false {
                    word = nil; tokens.append(.op("2>"))
                } else {
                    flush(); tokens.append(.op(String(c)))
                }
            default:
                word = word ?? Word(text: "")
                if "*?[".contains(c) { word!.globs = true }
                if c == "$" { word!.expands = true }
                word!.text.append(c)
            }
            i += 1
        }
        flush()
        quieted = zip(tokens, tokens.dropFirst()).contains { $0 == .op("2>") && $1 == .word(Word(text: "/dev/null")) }
        self.tokens = ShellCommand.droppingQuietRedirections(tokens)
    }

    /// The index of the `)` that closes the `(` at `open`, skipping quotes.
    public static func closing(_ chars: [Character], from open: Int) -> Int? {
        var depth = 0
        var i = open
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil } else if c == "\\", q == "\"" { i += 1 }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "\\" {
                i += 1
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    /// Removes `2>/dev/null` (errors are dropped, not counted), and `2>&1` on the last stage of a pipeline (the errors of
    /// the stage that prints the count); neither changes what a successful count prints. A `2>&1` before a `|` stays:
    /// it sends the errors into the pipe, where they are counted, so the command is not a pipeline a native source
    /// can replace.
    static func droppingQuietRedirections(_ tokens: [Token]) -> [Token] {
        var out: [Token] = []
        var i = 0
        while i < tokens.count {
            if tokens[i] == .op("2>"), i + 1 < tokens.count, case .word(let w) = tokens[i + 1], w.text == "/dev/null" {
                i += 2
                continue
            }
            if tokens[i] == .op("2>"), i + 2 < tokens.count, tokens[i + 1] == .op("&"), case .word(let w) = tokens[i + 2], w.text == "1",
               !tokens[(i + 3)...].contains(.op("|")) {
                i += 3
                continue
            }
            out.append(tokens[i])
            i += 1
        }
        return out
    }

    /// The pipeline's stages, or nil when the command has other operators.
    public var stages: [[Word]]? {
        var stages: [[Word]] = [[]]
        for token in tokens {
            switch token {
            case .word(let w): stages[stages.count - 1].append(w)
            case .op("|"): stages.append([])
            case .op: return nil
            }
        }
        return stages.contains(where: \.isEmpty) ? nil : stages
    }
}
