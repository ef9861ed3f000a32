import DIMSCore
import Foundation

/// Numbers as people read them: grouped thousands, signed changes and one-decimal percentages.
enum NumberText {
    /// Groups thousands with commas: `172,726`, `-1,234`.
    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + groupDigits(digits)
    }

    /// Groups the integer part of a float and keeps its shortest decimals: `118.26`, `1,234.5`.
    static func grouped(_ value: Double) -> String {
        groupText(String(value))
    }

    /// Groups a float written with exactly `decimals` decimals.
    static func grouped(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return String(value) }
        if decimals <= 0 { return groupText(String(format: "%.0f", value)) }
        return groupText(String(format: "%.\(decimals)f", value))
    }

    /// A value for display: grouped numbers, strings and booleans as they are.
    static func display(_ value: Value) -> String {
        switch value {
        case .integer(let number): grouped(number)
        case .float(let number): grouped(number)
        case .string, .boolean: value.description
        }
    }

    /// A change with its sign, with as many decimals as the values it is between: `+2,459`, `-0.5`.
    static func signed(_ delta: Double, decimals: Int) -> String {
        let text = grouped(delta, decimals: decimals)
        if text.hasPrefix("-") {
            let isZero = text.trimmingCharacters(in: CharacterSet(charactersIn: "-0.,")).isEmpty
            return isZero ? "+" + text.dropFirst() : text
        }
        return "+" + text
    }

    /// A percentage with its sign and one decimal: `+3.2%`.
    static func percent(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        if text == "-0.0" { return "+0.0%" }
        return (text.hasPrefix("-") ? "" : "+") + text + "%"
    }

    /// The decimals a change between values needs: none between integers, the most either float shows otherwise.
    static func decimals(_ values: Value?...) -> Int {
        var result = 0
        for case .float(let number)? in values {
            let text = String(number)
            guard !text.contains("e"), let dot = text.firstIndex(of: ".") else { result = max(result, 2); continue }
            result = max(result, min(6, text.distance(from: dot, to: text.endIndex) - 1))
        }
        return result
    }

    private static func groupText(_ text: String) -> String {
        guard !text.contains("e"), !text.contains("n") else { return text }
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var result = groupDigits(String(parts[0]))
        if parts.count == 2 { result += "." + parts[1] }
        return (negative ? "-" : "") + result
    }

    private static func groupDigits(_ digits: String) -> String {
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }
}
