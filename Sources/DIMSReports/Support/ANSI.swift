/// Terminal colors as ANSI escape sequences.
enum ANSI: String {
    case green = "32", yellow = "33", red = "31", blue = "34"

    /// The text in this color when `enabled`, else the text as it is.
    static func paint(_ text: String, _ color: ANSI, _ enabled: Bool) -> String {
        enabled ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }
}
