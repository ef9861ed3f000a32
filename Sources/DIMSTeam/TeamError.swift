/// An error of the team log: its config, reaching the server, or the server's answer. Never holds a secret.
public struct TeamError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// The `database:` section is invalid, or names an environment variable that is not set.
        case config
        /// The server cannot be reached.
        case unreachable
        /// The server refused the login (user or password).
        case authentication
        /// The server's schema is missing or older than this dims; `dims db migrate` creates or upgrades it.
        case schema
        /// The server's schema is newer than this dims.
        case newerSchema
        /// A statement failed, or the connection broke.
        case server
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
