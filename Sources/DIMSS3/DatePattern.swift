import DIMSCore

/// A `strftime`-like pattern (`%Y%m%d`, `%Y-%m-%d`, `year=%Y/month=%m/day=%d`) that finds a date in a key name.
struct DatePattern: Hashable, Sendable {
    enum Part: Hashable, Sendable {
        case literal(UInt8)
        case year, month, day
    }

    let parts: [Part]

    /// Reads `text`; nil when it has no day, month and year or uses an unknown directive.
    init?(_ text: String) {
        var parts: [Part] = []
        var bytes = Array(text.utf8).makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else { parts.append(.literal(byte)); continue }
            switch bytes.next() {
            case UInt8(ascii: "Y"): parts.append(.year)
            case UInt8(ascii: "m"): parts.append(.month)
            case UInt8(ascii: "d"): parts.append(.day)
            case UInt8(ascii: "%"): parts.append(.literal(UInt8(ascii: "%")))
            default: return nil
            }
        }
        guard parts.contains(.year), parts.contains(.month), parts.contains(.day) else { return nil }
        self.parts = parts
    }

    /// The first valid date in `key`, as days since 1970.
    func firstDay(in key: String) -> Int64? {
        let bytes = Array(key.utf8)
        var start = 0
        while start < bytes.count {
            if let day = match(bytes, at: start) { return day }
            start += 1
        }
        return nil
    }

    private func match(_ bytes: [UInt8], at start: Int) -> Int64? {
        var index = start
        var (year, month, day) = (0, 0, 0)
        for part in parts {
            switch part {
            case .literal(let byte):
                guard index < bytes.count, bytes[index] == byte else { return nil }
                index += 1
            case .year, .month, .day:
                let width = part == .year ? 4 : 2
                guard index + width <= bytes.count else { return nil }
                var value = 0
                for byte in bytes[index..<(index + width)] {
                    guard byte >= 48, byte <= 57 else { return nil }
                    value = value * 10 + Int(byte - 48)
                }
                index += width
                switch part {
                case .year: year = value
                case .month: month = value
                default: day = value
                }
            }
        }
        guard Day.isValid(year: year, month: month, day: day) else { return nil }
        return Int64(Day(year: year, month: month, day: day).daysSince1970)
    }
}
