/// A failure talking to PostgreSQL: what failed, the server's SQLSTATE when it sent one, and libpq's words.
///
/// Messages never hold a password: libpq does not echo it, and connection errors name only host and port.
public struct PostgreSQLError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// libpq itself cannot be loaded.
        case library
        /// The server cannot be reached, or refused the login.
        case connection
        /// A statement failed on the server.
        case query
        /// The connection broke while waiting or copying.
        case broken
    }

    public let code: Code
    public let message: String
    /// The five-character SQLSTATE, e.g. `28P01` for a wrong password.
    public let sqlState: String?

    public init(code: Code, message: String, sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String { message }

    /// The login was refused for its password (`28P01`) or its authorization (`28000`).
    public var isAuthentication: Bool { sqlState?.hasPrefix("28") == true || message.contains("password authentication failed") }
}
