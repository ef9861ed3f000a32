public import DIMSCore
import Foundation

/// How a file writes its times, read from one of them, so that a rewritten time looks like its neighbours.
///
/// The original tool wrote Python's `isoformat()` (`2025-10-22T14:03:11.123456`); other writers add `Z` or
/// `+00:00`, use a space, or fewer fraction digits.
public struct TimeStyle: Hashable, Sendable {
    var separator: Character = "T"
    /// Fraction digits; nil for Python's rule (six digits, none when zero).
    var fraction: Int?
    var suffix = ""

    /// Python's `isoformat()` of a naive UTC time.
    public static let python = TimeStyle()

    /// The style of `example`; nil when it is not a time.
    public init?(example: String) {
        let chars = Array(example)
        guard chars.count >= 19, Timestamp.parse(example) != nil, chars[10] == "T" || chars[10] == " " else { return nil }
        separator = chars[10]
        var index = 19
        if index < chars.count, chars[index] == "." {
            var digits = 0
            index += 1
            while index < chars.count, chars[index].isNumber { digits += 1; index += 1 }
            fraction = digits == 6 ? nil : digits
        } else {
            fraction = 0
        }
        let rest = String(chars[index...])
        suffix = rest.isEmpty || rest == "Z" || rest == "+00:00" ? rest : "+00:00"
    }

    init() {}

    /// `time` in this style.
    public func format(_ time: Timestamp) -> String {
        let python = PythonFormat.isoformat(time)
        var text = String(python.prefix(19))
        if separator != "T" { text = text.replacingOccurrences(of: "T", with: String(separator)) }
        let micros = ((time.micros % 1_000_000) + 1_000_000) % 1_000_000
        switch fraction {
        case nil: if micros != 0 { text += "." + String(zeroPadded: micros, width: 6) }
        case let digits? where digits > 0: text += "." + String(String(zeroPadded: micros, width: 6).prefix(digits)) + String(repeating: "0", count: max(0, digits - 6))
        default: break
        }
        return text + suffix
    }
}

extension MetricsDocument {
    /// The style to write a time of `path` in: its own `last_verified`'s, else the file's `last_updated`'s, else
    /// the first entry's, else Python's.
    public func timeStyle(for path: MetricPath?) -> TimeStyle {
        if let path, let text = self[path]?["last_verified"]?.string, let style = TimeStyle(example: text) { return style }
        if let text = self[metadata: "last_updated"]?.string, let style = TimeStyle(example: text) { return style }
        for other in paths {
            if let text = self[other]?["last_verified"]?.string, let style = TimeStyle(example: text) { return style }
        }
        return .python
    }
}
