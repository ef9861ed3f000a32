import DIMSCore

/// Decoding of the text of XML elements in S3 answers.
enum XMLText {
    /// Replaces the five XML entities and numeric character references; nil when the text is not UTF-8.
    static func decode(_ bytes: [UInt8]) -> String? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { return nil }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let scalar: UInt32? = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                guard let scalar, let unicode = Unicode.Scalar(scalar) else { return nil }
                result.unicodeScalars.append(unicode)
            }
            rest = rest[rest.index(after: semi)...]
        }
        return result + rest
    }

    /// Decodes a key of an `encoding-type=url` listing: `+` is a space and `%XX` a byte, as botocore reads it.
    static func formDecode(_ text: String) -> String? {
        guard text.contains("%") || text.contains("+") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Reads `2024-03-01T12:30:05.000Z` as seconds since 1970; nil when it has another shape.
    static func epochSeconds(_ bytes: [UInt8]) -> Int64? {
        guard bytes.count >= 19 else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for byte in bytes[start..<(start + length)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
        return Int64(Day(year: year, month: month, day: day).daysSince1970) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }
}
