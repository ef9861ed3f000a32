public import DIMSCore

/// The one way dims writes JSON on stdout: an `Encodable` answer through one encoder and one writer.
///
/// Keys are sorted, objects and arrays indented by two spaces, `"key": value` with one space after the colon,
/// integers written as integers, and a nil optional written as `null` (every answer has the same keys). The JSON
/// report (`ReportFormat.json`) is written by the same writer.
public enum JSONAnswer {
    /// `value` as a JSON document, without a final newline.
    public static func render(_ value: some Encodable) -> String {
        do {
            return try JSONValueEncoder().encode(value).rendered()
        } catch {
            // The encoder itself never throws; an answer's own `encode(to:)` could.
            return JSONValue.object(["error": .object(["message": .string("The answer cannot be written as JSON: \(error)"), "status": .integer(2), "file": .null])]).rendered()
        }
    }

}

/// The JSON report (see `JSONReport`) as an answer, or as the keys of one: an answer that encodes it first and then
/// its own keys into the same container gets one object with both.
public struct ReportDocument: Encodable, Sendable {
    let document: JSONValue

    public init(_ report: InventoryReport) {
        document = JSONReport.document(report)
    }

    public func encode(to encoder: any Encoder) throws {
        try document.encode(to: encoder)
    }
}

/// A value as JSON: integers and floats as numbers, strings as strings, booleans as booleans.
extension Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try JSONReport.value(self).encode(to: encoder)
    }
}
