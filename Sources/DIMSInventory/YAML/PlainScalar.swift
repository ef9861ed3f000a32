import DIMSCore
import Foundation

/// PyYAML's implicit types for plain scalars (YAML 1.1), so files read and write as the original system's did.
enum PlainScalar {
    enum Kind { case string, integer, float, boolean, null, timestamp, special }

    private static let rules: [(Kind, NSRegularExpression)] = [
        (.boolean, "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"),
        (.float, #"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"#
            + #"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"#),
        (.integer, #"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"#),
        (.null, #"~|null|Null|NULL|"#),
        (.timestamp, #"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"#
            + #"(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?"#),
        (.special, "<<|="),
    ].map { kind, pattern in
        // The patterns are constants; a failure here is a programming error.
        (kind, try! NSRegularExpression(pattern: "^(?:\(pattern))$"))
    }

    /// The type PyYAML gives `text` when it is written without quotes.
    static func kind(of text: String) -> Kind {
        let range = NSRange(text.startIndex..., in: text)
        for (kind, regex) in rules where regex.firstMatch(in: text, range: range) != nil {
            return kind
        }
        return .string
    }

    /// The value of a plain scalar: a number, boolean or null when PyYAML reads it so, text otherwise.
    static func resolve(_ text: String) -> ConfigValue {
        switch kind(of: text) {
        case .boolean: return .boolean(["yes", "true", "on"].contains(text.lowercased()))
        case .null: return .null
        case .integer: return integer(text).map(ConfigValue.integer) ?? .string(text)
        case .float: return float(text).map(ConfigValue.float) ?? .string(text)
        case .string, .timestamp, .special: return .string(text)
        }
    }

    private static func integer(_ text: String) -> Int64? {
        var digits = text.replacingOccurrences(of: "_", with: "")
        var sign: Int64 = 1
        if let first = digits.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            digits.removeFirst()
        }
        let magnitude: Int64?
        if digits == "0" {
            magnitude = 0
        } else if digits.hasPrefix("0b") {
            magnitude = Int64(digits.dropFirst(2), radix: 2)
        } else if digits.hasPrefix("0x") {
            magnitude = Int64(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0") {
            magnitude = Int64(digits.dropFirst(1), radix: 8)
        } else if digits.contains(":") {
            magnitude = sexagesimal(digits).flatMap { Int64(exactly: $0) }
        } else {
            magnitude = Int64(digits)
        }
        return magnitude.map { sign * $0 }
    }

    private static func float(_ text: String) -> Double? {
        var digits = text.replacingOccurrences(of: "_", with: "").lowercased()
        var sign = 1.0
        if let first = digits.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            digits.removeFirst()
        }
        if digits == ".inf" { return sign * .infinity }
        if digits == ".nan" { return .nan }
        if digits.contains(":") { return sexagesimal(digits).map { sign * $0 } }
        return Double(digits).map { sign * $0 }
    }

    private static func sexagesimal(_ text: String) -> Double? {
        var total = 0.0
        for part in text.split(separator: ":") {
            guard let number = Double(part) else { return nil }
            total = total * 60 + number
        }
        return total
    }
}
