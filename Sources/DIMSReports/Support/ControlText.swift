/// Control characters shown rather than obeyed: a value or description can carry terminal escape sequences
/// (`\u{1B}]0;title\u{07}`), and no output of dims may pass them on.
enum ControlText {
    /// Whether `scalar` is a C0 or C1 control character, or DEL.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `scalar` as visible text: `\n`, `\t`, `\r`, or `\u{1B}`.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": "\\n"
        case "\t": "\\t"
        case "\r": "\\r"
        default: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        }
    }

    /// `text` with every control character made visible; `keeping` lists those left as they are.
    static func escaped(_ text: String, keeping kept: Set<Unicode.Scalar> = []) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !kept.contains($0) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar), !kept.contains(scalar) { out += visible(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}

extension TerminalFormat {
    /// Text from a config, a value or a message, safe to print: control characters are shown, not obeyed.
    public static func escaped(_ text: String) -> String {
        ControlText.escaped(text)
    }
}
