import DIMSWorkflow
import Foundation

/// The former ways to answer and to fail, kept while commands written against them move over; new code prints an
/// `Encodable` answer with `Console.answer` and throws `DIMSError`.
extension Console {
    @available(*, deprecated, message: "Print an Encodable answer type with Console.answer")
    static func json(_ value: Any) {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            err("dims: error: the answer cannot be written as JSON")
            return
        }
        out(String(decoding: data, as: UTF8.self))
    }

    @available(*, deprecated, message: "throw DIMSError(status, message)")
    static func fail(_ message: String, _ status: DIMSError) -> DIMSError {
        DIMSError(status.status, message)
    }
}
