import Foundation

/// Numbers in the words of forecasts and recommendations: at a precision that suits their size, thousands grouped.
public enum Figure {
    /// `1,745`, `118.26`, `0.0421`.
    public static func text(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        let magnitude = abs(value)
        if magnitude >= 1_000 || magnitude == magnitude.rounded() { return grouped(String(format: "%.0f", value)) }
        if magnitude >= 1 { return grouped(String(format: "%.2f", value)) }
        return String(format: "%.3g", value)
    }

    /// `+1,745`, `-0.5`.
    public static func signed(_ value: Double) -> String {
        let body = text(value)
        return body.hasPrefix("-") ? body : "+" + body
    }

    /// `+3.2 %`.
    public static func percent(_ value: Double) -> String {
        let body = String(format: "%.1f", value)
        return (body.hasPrefix("-") ? body : "+" + (body == "-0.0" ? "0.0" : body)) + " %"
    }

    private static func grouped(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digits = Array(parts[0])
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        if parts.count == 2 { out += "." + parts[1] }
        return (negative ? "-" : "") + out
    }
}
