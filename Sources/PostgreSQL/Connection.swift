internal import CPQ
import Foundation

/// One connection to a PostgreSQL server over libpq, used from one thread at a time.
///
/// The connection closes in `deinit`. Every statement result passes through `check`.
public final class Connection {
    let handle: OpaquePointer
    /// The host and port connected to, for messages: `127.0.0.1:5432`.
    public let endpoint: String

    /// Connects with libpq keywords (`host`, `port`, `dbname`, `user`, `password`, `sslmode`, `connect_timeout`, ...).
    ///
    /// The password is handed to libpq and kept nowhere else; errors name `endpoint` only.
    public init(_ parameters: [(key: String, value: String)]) throws(PostgreSQLError) {
        try Self.loadLibrary()
        let endpoint = Self.endpoint(parameters)
        let keys = parameters.map { strdup($0.key) } + [nil]
        let values = parameters.map { strdup($0.value) } + [nil]
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        let connection: OpaquePointer? = keys.withUnsafeBufferPointer { k in
            values.withUnsafeBufferPointer { v in
                k.withMemoryRebound(to: UnsafePointer<CChar>?.self) { k in
                    v.withMemoryRebound(to: UnsafePointer<CChar>?.self) { v in
                        dims_PQconnectdbParams(k.baseAddress, v.baseAddress, 0)
                    }
                }
            }
        }
        guard let connection else { throw PostgreSQLError(code: .connection, message: "Out of memory connecting to \(endpoint)") }
        guard dims_PQstatus(connection) == CONNECTION_OK else {
            let text = Self.clean(String(cString: dims_PQerrorMessage(connection)))
            dims_PQfinish(connection)
            let state = text.contains("password authentication failed") ? "28P01" : nil
            throw PostgreSQLError(code: .connection, message: text, sqlState: state)
        }
        handle = connection
        self.endpoint = endpoint
    }

    deinit { dims_PQfinish(handle) }

    /// The server's version number, e.g. 150018 for 15.18.
    public var serverVersion: Int { Int(dims_PQserverVersion(handle)) }

    static func loadLibrary() throws(PostgreSQLError) {
        var buffer = [CChar](repeating: 0, count: 512)
        guard dims_pq_load(&buffer, buffer.count) == 1 else {
            throw PostgreSQLError(code: .library, message: String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }

    static func endpoint(_ parameters: [(key: String, value: String)]) -> String {
        let host = parameters.last { $0.key == "host" }?.value ?? "localhost"
        let port = parameters.last { $0.key == "port" }?.value ?? "5432"
        return "\(host):\(port)"
    }

    /// libpq's message without its trailing newline, its lines joined.
    static func clean(_ text: String) -> String {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
    }

    // MARK: - Statements

    /// Runs one or more statements without parameters.
    @discardableResult
    public func execute(_ sql: String) throws(PostgreSQLError) -> QueryResult {
        try check(dims_PQexec(handle, sql), sql)
    }

    /// Runs one statement with text parameters (`$1`, `$2`, ...; nil is NULL); `binary` asks for binary results.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?], binary: Bool = false) throws(PostgreSQLError) -> QueryResult {
        let values = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { values.forEach { free($0) } }
        let result = values.withUnsafeBufferPointer { v in
            v.withMemoryRebound(to: UnsafePointer<CChar>?.self) { v in
                dims_PQexecParams(handle, sql, Int32(parameters.count), nil, v.baseAddress, nil, nil, binary ? 1 : 0)
            }
        }
        return try check(result, sql)
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs a script of statements in one round trip (the simple query protocol), streaming `produce`'s chunks (COPY's
    /// text format) into the `COPY ... FROM STDIN` it may hold; returns each statement's result, in order.
    ///
    /// Each statement sees what the ones before it did (its own snapshot, as if sent alone). A failing statement ends
    /// the script, as the server skips the rest; a transaction it leaves open is rolled back, and the first error thrown.
    public func script(_ sql: String, copy produce: () -> [UInt8]? = { nil }) throws(PostgreSQLError) -> [QueryResult] {
        guard dims_PQsendQuery(handle, sql) == 1 else { throw failure(.broken, sql) }
        var results: [QueryResult] = []
        var firstError: PostgreSQLError?
        while let result = dims_PQgetResult(handle) {
            guard dims_PQresultStatus(result) == PGRES_COPY_IN else {
                do { results.append(try check(result, sql)) } catch { firstError = firstError ?? error }
                continue
            }
            dims_PQclear(result)
            if !streamCopy(produce) {
                firstError = firstError ?? failure(.broken, sql)
                // The server ends the COPY with an error when told to; a connection that cannot even say so is gone.
                guard dims_PQputCopyEnd(handle, "dims could not send the rows") == 1 else { throw firstError ?? failure(.broken, sql) }
            }
        }
        if let firstError {
            if dims_PQtransactionStatus(handle) != PQTRANS_IDLE { _ = try? execute("ROLLBACK") }
            throw firstError
        }
        return results
    }

    /// Sends `produce`'s chunks and ends the copy; false when the connection refused a chunk.
    private func streamCopy(_ produce: () -> [UInt8]?) -> Bool {
        while let chunk = produce() {
            let sent = chunk.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { dims_PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
            }
            guard sent == 1 else { return false }
        }
        return dims_PQputCopyEnd(handle, nil) == 1
    }

    func check(_ result: OpaquePointer?, _ sql: String) throws(PostgreSQLError) -> QueryResult {
        guard let result else { throw failure(.broken, sql) }
        let status = dims_PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            let message = Self.clean(String(cString: dims_PQresultErrorMessage(result)))
            let state = dims_PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            dims_PQclear(result)
            throw PostgreSQLError(code: status == PGRES_FATAL_ERROR && state == nil ? .broken : .query, message: message, sqlState: state)
        }
        return QueryResult(result)
    }

    func failure(_ code: PostgreSQLError.Code, _ sql: String) -> PostgreSQLError {
        PostgreSQLError(code: code, message: Self.clean(String(cString: dims_PQerrorMessage(handle))))
    }
}
