import DIMSCore
import Foundation

/// Numbers and times formatted the way the original Python system wrote them.
enum PythonFormat {
    /// A float as PyYAML writes it: Python's `repr`, with `.0` added before a bare exponent (`118.26`, `24.0`, `1.0e+16`).
    static func float(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let (negative, digits, point) = decimalDigits(value)
        let sign = negative ? "-" : ""
        if point > 16 || point < -3 {
            let exponent = point - 1
            let mantissa = digits.count > 1 ? "\(digits.prefix(1)).\(digits.dropFirst())" : "\(digits).0"
            return "\(sign)\(mantissa)e\(exponent < 0 ? "-" : "+")\(String(format: "%02d", abs(exponent)))"
        }
        if point <= 0 { return "\(sign)0.\(String(repeating: "0", count: -point))\(digits)" }
        if point >= digits.count { return "\(sign)\(digits)\(String(repeating: "0", count: point - digits.count)).0" }
        return "\(sign)\(digits.prefix(point)).\(digits.dropFirst(point))"
    }

    /// The shortest round-trip digits of `value` and the position of the decimal point (`0.d1d2... × 10^point`).
    private static func decimalDigits(_ value: Double) -> (negative: Bool, digits: String, point: Int) {
        let text = "\(abs(value))"
        let parts = text.lowercased().split(separator: "e")
        var exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0]
        let whole = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = String(whole[0]), fraction = whole.count > 1 ? String(whole[1]) : ""
        var digits = integerPart + fraction
        exponent += integerPart.count
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (value < 0, digits, exponent)
    }

    /// A time as Python's `datetime.isoformat()` writes a naive UTC time: `2025-10-22T14:03:11.123456`, no fraction when zero.
    static func isoformat(_ time: Timestamp) -> String {
        let micros = ((time.micros % 1_000_000) + 1_000_000) % 1_000_000
        let seconds = (time.micros - micros) / 1_000_000
        let secondsOfDay = seconds - Int64(time.day.daysSince1970) * 86_400
        let clock = [secondsOfDay / 3600, (secondsOfDay % 3600) / 60, secondsOfDay % 60]
            .map { String(zeroPadded: $0, width: 2) }.joined(separator: ":")
        let fraction = micros == 0 ? "" : "." + String(zeroPadded: micros, width: 6)
        return "\(time.day)T\(clock)\(fraction)"
    }
}
