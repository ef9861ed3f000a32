import DIMSWorkflow
import Foundation

extension Console {
    /// Prints `value` as pretty JSON with sorted keys.
    static func json(_ value: Any) {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            err("dims: error: the answer cannot be written as JSON")
            return
        }
        out(String(decoding: data, as: UTF8.self))
    }
}
