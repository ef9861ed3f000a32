import DIMSCore
import Foundation

/// PyYAML's implicit types for plain scalars (YAML 1.1), so files read and write as the original system's did.
enum PlainScalar {
    enum Kind { case string, integer, float, boolean, null, timestamp, special }

    /// The type PyYAML gives `text` when it is written without quotes.
    ///
    /// PyYAML's implicit resolvers (YAML 1.1), tried in its order: bool, float, int, null, timestamp, merge/value.
    /// Hand-written over the UTF-8 bytes, they match exactly what PyYAML's regular expressions match, without
    /// compiling a regular expression at start-up (`PlainScalarTests` checks them against those expressions).
    static func kind(of text: String) -> Kind {
        if booleans.contains(text) { return .boolean }
        let bytes = Array(text.utf8)
        if isFloat(bytes) { return .float }
        if isInteger(bytes) { return .integer }
        if nulls.contains(text) { return .null }
        if isTimestamp(bytes) { return .timestamp }
        if text == "<<" || text == "=" { return .special }
        return .string
    }

    private static let booleans: Set<String> = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                                                "on", "On", "ON", "off", "Off", "OFF"]
    private static let nulls: Set<String> = ["~", "null", "Null", "NULL", ""]

    /// `[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?`, `\.[0-9][0-9_]*([eE][-+][0-9]+)?`,
    /// `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`, `[-+]?\.(inf|Inf|INF)`, `\.(nan|NaN|NAN)`.
    private static func isFloat(_ bytes: [UInt8]) -> Bool {
        var scan = ByteScan(bytes)
        if scan.take(".") {
            if scan.take(digit) {
                scan.skip(digitOrUnderscore)
                return scan.exponentThenEnd()
            }
            return scan.rest(in: ["inf", "Inf", "INF", "nan", "NaN", "NAN"])
        }
        scan.sign()
        if scan.take(".") { return scan.rest(in: ["inf", "Inf", "INF"]) }
        guard scan.take(digit) else { return false }
        scan.skip(digitOrUnderscore)
        if scan.take(".") {
            scan.skip(digitOrUnderscore)
            return scan.exponentThenEnd()
        }
        guard scan.sexagesimal() else { return false }
        guard scan.take(".") else { return false }
        scan.skip(digitOrUnderscore)
        return scan.atEnd
    }

    /// `[-+]?0b[0-1_]+`, `[-+]?0[0-7_]+`, `[-+]?(0|[1-9][0-9_]*)`, `[-+]?0x[0-9a-fA-F_]+`, `[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+`.
    private static func isInteger(_ bytes: [UInt8]) -> Bool {
        var scan = ByteScan(bytes)
        scan.sign()
        if scan.take("0") {
            if scan.atEnd { return true }
            if scan.take("b") { return scan.skip { $0 == 48 || $0 == 49 || $0 == 95 } > 0 && scan.atEnd }
            if scan.take("x") { return scan.skip { digit($0) || (65...70).contains($0) || (97...102).contains($0) || $0 == 95 } > 0 && scan.atEnd }
            return scan.skip { (48...55).contains($0) || $0 == 95 } > 0 && scan.atEnd
        }
        guard scan.take({ (49...57).contains($0) }) else { return false }
        scan.skip(digitOrUnderscore)
        if scan.atEnd { return true }
        return scan.sexagesimal() && scan.atEnd
    }

    /// `[0-9]{4}-[0-9]{2}-[0-9]{2}`, or `[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}(\.[0-9]*)?`
    /// followed by `([ \t]*(Z|[-+][0-9][0-9]?(:[0-9]{2})?))?`.
    private static func isTimestamp(_ bytes: [UInt8]) -> Bool {
        var scan = ByteScan(bytes)
        guard scan.digits(4), scan.take("-"), scan.digits(1, upTo: 2), scan.take("-"), scan.digits(1, upTo: 2) else { return false }
        if scan.atEnd { return bytes.count == 10 }
        guard scan.take({ $0 == 84 || $0 == 116 }) || scan.skip(blank) > 0 else { return false }
        guard scan.digits(1, upTo: 2), scan.take(":"), scan.digits(2), scan.take(":"), scan.digits(2) else { return false }
        if scan.take(".") { scan.skip(digit) }
        if scan.atEnd { return true }
        scan.skip(blank)
        if scan.take("Z") { return scan.atEnd }
        guard scan.take({ $0 == 43 || $0 == 45 }), scan.digits(1, upTo: 2) else { return false }
        if scan.take(":") { guard scan.digits(2) else { return false } }
        return scan.atEnd
    }

    private static func digit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
    private static func digitOrUnderscore(_ byte: UInt8) -> Bool { digit(byte) || byte == 95 }
    private static func blank(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 }

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

    /// `text` without its `_` digit separators (Foundation's `replacingOccurrences` costs 100,000 instructions a call).
    private static func withoutUnderscores(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "_")) ? String(decoding: text.utf8.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self) : text
    }

    private static func integer(_ text: String) -> Int64? {
        var digits = withoutUnderscores(text)
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
        var digits = withoutUnderscores(text).lowercased()
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

/// A cursor over bytes for the hand-written matchers of `PlainScalar`.
private struct ByteScan {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    /// Takes the next byte when `matches` accepts it.
    mutating func take(_ matches: (UInt8) -> Bool) -> Bool {
        guard index < bytes.count, matches(bytes[index]) else { return false }
        index += 1
        return true
    }

    /// Takes the next byte when it is the ASCII character `character`.
    mutating func take(_ character: Unicode.Scalar) -> Bool { take { $0 == UInt8(character.value) } }

    /// Takes every next byte `matches` accepts; returns how many.
    @discardableResult
    mutating func skip(_ matches: (UInt8) -> Bool) -> Int {
        let start = index
        while index < bytes.count, matches(bytes[index]) { index += 1 }
        return index - start
    }

    /// An optional sign.
    mutating func sign() { _ = take { $0 == 43 || $0 == 45 } }

    /// Between `count` and `upTo` digits, as many as there are.
    mutating func digits(_ count: Int, upTo: Int? = nil) -> Bool {
        var taken = 0
        while taken < (upTo ?? count), take({ (48...57).contains($0) }) { taken += 1 }
        return taken >= count
    }

    /// `(:[0-5]?[0-9])+`: two digits when the first is 0-5 and a digit follows, else one.
    mutating func sexagesimal() -> Bool {
        var groups = 0
        while take(":") {
            let twoDigits = index + 1 < bytes.count && (48...53).contains(bytes[index]) && (48...57).contains(bytes[index + 1])
            if twoDigits { index += 2 } else if !take({ (48...57).contains($0) }) { return false }
            groups += 1
        }
        return groups > 0
    }

    /// `([eE][-+][0-9]+)?` and the end of the text.
    mutating func exponentThenEnd() -> Bool {
        if take({ $0 == 69 || $0 == 101 }) {
            guard take({ $0 == 43 || $0 == 45 }), skip({ (48...57).contains($0) }) > 0 else { return false }
        }
        return atEnd
    }

    /// Whether the rest of the text is one of `words`.
    mutating func rest(in words: [String]) -> Bool {
        let rest = bytes[index...]
        return words.contains { $0.utf8.elementsEqual(rest) }
    }
}
