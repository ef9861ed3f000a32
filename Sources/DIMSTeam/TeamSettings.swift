public import DIMSCore
import Foundation

/// How to reach the team log: the `database:` section of the config, with `${VAR}` references resolved.
///
/// The section follows the original system's shape:
/// `database: {enabled: true, connection: {host: "${DB_HOST}", port: 5432, database: dims, user: "${DB_USER}",
/// password: "${DB_PASSWORD}", sslmode: require}}`. A password may only come from the environment.
public struct TeamSettings: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var database: String
    public var user: String?
    /// Never printed: `description` leaves it out.
    var password: String?
    /// libpq's `sslmode` (`disable`, `allow`, `prefer`, `require`, `verify-ca`, `verify-full`).
    public var sslMode: String?
    public var sslRootCert: String?
    /// Seconds to wait for the server when connecting.
    public var connectTimeout: Int

    public init(host: String, port: Int = 5432, database: String, user: String? = nil, password: String? = nil,
                sslMode: String? = nil, sslRootCert: String? = nil, connectTimeout: Int = 10) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
        self.connectTimeout = connectTimeout
    }

    /// `host:port/database`, for messages.
    public var description: String { "\(host):\(port)/\(database)" }

    /// The same settings with a shorter connect timeout (at least 2 s: libpq's minimum).
    public func waiting(atMost seconds: Int) -> TeamSettings {
        var copy = self
        copy.connectTimeout = max(2, min(connectTimeout, seconds))
        return copy
    }

    static let sslModes: Set<String> = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

    /// libpq's connection keywords.
    var parameters: [(key: String, value: String)] {
        var list: [(key: String, value: String)] = [("host", host), ("port", String(port)), ("dbname", database),
                                                    ("connect_timeout", String(connectTimeout)), ("application_name", "dims")]
        if let user { list.append(("user", user)) }
        if let password { list.append(("password", password)) }
        if let sslMode { list.append(("sslmode", sslMode)) }
        if let sslRootCert { list.append(("sslrootcert", sslRootCert)) }
        return list
    }

    /// The settings the config's `database:` section gives, or nil when the team log is off.
    ///
    /// It is on when `database.enabled` (or `features.database_backend`) is true and a `connection` is given.
    public static func resolve(_ config: InventoryConfig, environment: [String: String]) throws(TeamError) -> TeamSettings? {
        guard let section = config.sections["database"], let connection = section["connection"] else { return nil }
        let feature = config.features.first { $0.name == "database_backend" }?.enabled ?? false
        guard section["enabled"]?.bool ?? feature else { return nil }
        guard connection.entries != nil else {
            throw TeamError(code: .config, message: "'database.connection' must be a map of host, port, database, user, password")
        }
        func text(_ key: String, secret: Bool = false) throws(TeamError) -> String? {
            guard let value = connection[key], value != .null else { return nil }
            guard let raw = value.string else { throw TeamError(code: .config, message: "'database.connection.\(key)' must be a string") }
            if secret, !raw.isEmpty, !(raw.hasPrefix("${") && raw.hasSuffix("}")) {
                throw TeamError(code: .config, message: "'database.connection.\(key)' must be a ${VARIABLE} reference: secrets are never kept in config files")
            }
            return try expand(raw, key: "database.connection.\(key)", environment: environment)
        }
        guard let host = try text("host"), !host.isEmpty else {
            throw TeamError(code: .config, message: "'database.connection.host' is missing")
        }
        let portText = try text("port") ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw TeamError(code: .config, message: "'database.connection.port' must be a port number, not '\(portText)'")
        }
        let sslMode = try text("sslmode")
        if let sslMode, !sslModes.contains(sslMode) {
            throw TeamError(code: .config, message: "'database.connection.sslmode' must be one of \(sslModes.sorted().joined(separator: ", ")), not '\(sslMode)'")
        }
        var timeout = 10
        if let value = try text("connect_timeout") {
            guard let seconds = Int(value), seconds > 0 else {
                throw TeamError(code: .config, message: "'database.connection.connect_timeout' must be a positive number of seconds")
            }
            timeout = seconds
        }
        return TeamSettings(host: host, port: port, database: try text("database") ?? "dims", user: try text("user"),
                            password: try text("password", secret: true), sslMode: sslMode, sslRootCert: try text("sslrootcert"),
                            connectTimeout: timeout)
    }

    /// `text` with every `${NAME}` replaced by the environment's value; an unset name is an error naming `key`.
    static func expand(_ text: String, key: String, environment: [String: String]) throws(TeamError) -> String {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw TeamError(code: .config, message: "'\(key)' has an unclosed '${'")
            }
            let name = String(rest[start.upperBound..<end])
            guard let value = environment[name] else {
                throw TeamError(code: .config, message: "'\(key)' names the environment variable '\(name)', which is not set")
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }
}
