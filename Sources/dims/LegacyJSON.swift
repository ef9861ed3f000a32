import DIMSWorkflow
import Foundation

extension Console {
    /// Prints `value` as pretty JSON with sorted keys.
    static func json(_ value: Any) {
        guard let text = ReadAnswers.jsonText(value) else {
            err("dims: error: the answer cannot be written as JSON")
            return
        }
        out(text)
    }
}
