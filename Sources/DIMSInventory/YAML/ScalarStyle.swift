/// PyYAML's choice of style for a string: plain, single-quoted or double-quoted.
enum ScalarStyle {
    case plain, singleQuoted, doubleQuoted

    static let breaks: Set<Unicode.Scalar> = ["\n", "\u{85}", "\u{2028}", "\u{2029}"]
    static let whitespace: Set<Unicode.Scalar> = ["\0", " ", "\t", "\r", "\n", "\u{85}", "\u{2028}", "\u{2029}"]

    /// The style PyYAML's emitter picks for `text`, in a flow collection or not, as a key or not.
    init(for text: String, flow: Bool = false, key: Bool = false) {
        let chars = Array(text.unicodeScalars)
        guard !chars.isEmpty else {
            self = .singleQuoted
            return
        }
        var flowIndicators = false, blockIndicators = false, lineBreaks = false, special = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false
        if text.hasPrefix("---") || text.hasPrefix("...") { flowIndicators = true; blockIndicators = true }
        var precededByWhitespace = true
        var followedByWhitespace = chars.count == 1 || Self.whitespace.contains(chars[1])
        for (index, ch) in chars.enumerated() {
            if index == 0 {
                if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(ch) { flowIndicators = true; blockIndicators = true }
                if ch == "?" || ch == ":" {
                    flowIndicators = true
                    if followedByWhitespace { blockIndicators = true }
                }
                if ch == "-" && followedByWhitespace { flowIndicators = true; blockIndicators = true }
            } else {
                if ",?[]{}".unicodeScalars.contains(ch) { flowIndicators = true }
                if ch == ":" {
                    flowIndicators = true
                    if followedByWhitespace { blockIndicators = true }
                }
                if ch == "#" && precededByWhitespace { flowIndicators = true; blockIndicators = true }
            }
            if Self.breaks.contains(ch) { lineBreaks = true }
            if !(ch == "\n" || (0x20...0x7E).contains(ch.value)) && !Self.printableUnicode(ch) { special = true }
            if ch == " " {
                if index == 0 { leadingSpace = true }
                if index == chars.count - 1 { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if Self.breaks.contains(ch) {
                if index == 0 { leadingBreak = true }
                if index == chars.count - 1 { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = Self.whitespace.contains(ch)
            followedByWhitespace = index + 2 >= chars.count || Self.whitespace.contains(chars[index + 2])
        }
        var allowFlowPlain = true, allowBlockPlain = true, allowSingle = true
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { allowFlowPlain = false; allowBlockPlain = false }
        if breakSpace { allowFlowPlain = false; allowBlockPlain = false; allowSingle = false }
        if spaceBreak || special { allowFlowPlain = false; allowBlockPlain = false; allowSingle = false }
        if lineBreaks { allowFlowPlain = false; allowBlockPlain = false }
        if flowIndicators { allowFlowPlain = false }
        if blockIndicators { allowBlockPlain = false }
        let implicit = PlainScalar.kind(of: text) == .string
        if implicit && !(key && lineBreaks) && (flow ? allowFlowPlain : allowBlockPlain) {
            self = .plain
        } else if allowSingle && !(key && lineBreaks) {
            self = .singleQuoted
        } else {
            self = .doubleQuoted
        }
    }

    /// Printable non-ASCII characters, which are written as they are (PyYAML with `allow_unicode`).
    private static func printableUnicode(_ ch: Unicode.Scalar) -> Bool {
        let v = ch.value
        return (v == 0x85 || (0xA0...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000..<0x10FFFF).contains(v)) && v != 0xFEFF
    }
}
