import DIMSCore
import DIMSStore

/// Events as rows of `COPY ... FROM STDIN` (text format) for the `dims_incoming` table, in chunks of about 1 MiB.
struct CopyRows {
    let events: [LoggedEvent]
    var index = 0

    init(_ events: [LoggedEvent]) { self.events = events }

    /// The next chunk of rows, nil when every event was sent.
    mutating func next() -> [UInt8]? {
        guard index < events.count else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        while index < events.count && out.count < 1 << 20 {
            Self.row(events[index], ord: index, into: &out)
            index += 1
        }
        return out
    }

    static func row(_ entry: LoggedEvent, ord: Int, into out: inout [UInt8]) {
        var value: Value?
        var previous: Value?
        var reason: String?
        switch entry.event {
        case .measured(let reading): value = reading.value
        case .baselineSet(let change):
            value = change.value
            previous = change.previous
            reason = change.reason.description
        case .cacheWritten(let cache): value = cache.value
        default: break
        }
        let fields: [String?] = [
            String(ord), entry.id.description, entry.event.kindName, entry.event.metric?.rawValue,
            value.map(typeName), value.flatMap(number), value.flatMap(text), previous.flatMap(number), previous.flatMap(text),
            reason, String(entry.recorded.micros), String(entry.observed.micros), entry.actor,
        ]
        for field in fields {
            append(field, to: &out)
            out.append(0x09)
        }
        // bytea in COPY text format: `\\x` and hex digits (the backslash itself escaped).
        out.append(contentsOf: Array("\\\\x".utf8))
        let digits = Array("0123456789abcdef".utf8)
        for byte in EventCodec.encode(entry) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        out.append(0x0A)
    }

    /// One field, escaped for COPY's text format; nil is `\N`.
    static func append(_ field: String?, to out: inout [UInt8]) {
        guard let field else {
            out.append(contentsOf: [0x5C, 0x4E])
            return
        }
        for byte in field.utf8 {
            switch byte {
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            default: out.append(byte)
            }
        }
    }

    static func typeName(_ value: Value) -> String {
        switch value {
        case .integer: "integer"
        case .float: "float"
        case .string: "string"
        case .boolean: "boolean"
        }
    }

    static func number(_ value: Value) -> String? {
        switch value {
        case .integer(let v): String(v)
        case .float(let v): v.isNaN ? "NaN" : v.isInfinite ? (v > 0 ? "Infinity" : "-Infinity") : String(v)
        case .boolean(let v): v ? "1" : "0"
        case .string: nil
        }
    }

    static func text(_ value: Value) -> String? {
        switch value {
        case .string(let v): v
        case .boolean(let v): v ? "true" : "false"
        default: nil
        }
    }
}
