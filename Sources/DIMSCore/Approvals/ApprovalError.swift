/// Why a request cannot be decided.
public struct ApprovalError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable { case unknownRequest, alreadyDecided, stale }
    public let code: Code
    public let message: String
    public var description: String { message }

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `No approval request #9 (requests are numbered 1 to 4)`.
    public static func unknownMessage(_ number: UInt32, highest: UInt32?) -> String {
        let known = highest.map { " (requests are numbered 1 to \($0))" } ?? " (there are no requests yet)"
        return "No approval request #\(number)\(known)"
    }
}
