/// A typed metric value: what a reading measured or a baseline records.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case integer(Int64)
    case float(Double)
    case string(String)
    case boolean(Bool)

    /// The value as a number, when it is one.
    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .float(let value): value
        case .string, .boolean: nil
        }
    }

    public var isNumeric: Bool { number != nil }

    /// The value as plain text, with no grouping: `172726`, `118.26`, `true`.
    public var description: String {
        switch self {
        case .integer(let value): String(value)
        case .float(let value): Value.plain(value)
        case .string(let value): value
        case .boolean(let value): value ? "true" : "false"
        }
    }

    /// A float value's text, as Python prints a float: `30.0`, `0.5`.
    static func plain(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) + ".0" }
        return String(value)
    }

    /// A number for messages, as short as it reads: `30`, `2.5` (seconds, thresholds).
    public static func shortText(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}

/// How the text a source produced is read into a `Value`, the config's `parse_type`.
public enum ParseType: String, Hashable, Sendable, CaseIterable {
    case integer, float, string, boolean

    /// Reads trimmed text as this type; `nil` when it does not parse.
    public func parse(_ text: String, precision: Int? = nil) -> Value? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch self {
        case .integer:
            if let value = Int64(trimmed) { return .integer(value) }
            if let value = Double(trimmed), value == value.rounded(), abs(value) < 9e18 { return .integer(Int64(value)) }
            return nil
        case .float:
            guard let value = Double(trimmed), value.isFinite else { return nil }
            return .float(Value.round(value, precision: precision))
        case .string:
            return .string(trimmed)
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "yes", "1", "on": return .boolean(true)
            case "false", "no", "0", "off": return .boolean(false)
            default: return nil
            }
        }
    }
}

extension Value {
    /// The nearest integer to `number`, or nil when it is not finite or lies outside what an integer value holds.
    public static func integer(rounding number: Double) -> Value? {
        let rounded = number.rounded()
        guard rounded.isFinite, abs(rounded) < 9.2e18 else { return nil }
        return .integer(Int64(rounded))
    }

    /// Rounds to `precision` decimal places; no rounding when `precision` is nil.
    public static func round(_ value: Double, precision: Int?) -> Double {
        guard let precision, precision >= 0, precision < 16 else { return value }
        var scale = 1.0
        for _ in 0..<precision { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}

import Foundation
