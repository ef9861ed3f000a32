internal import CPQ

/// The rows a statement returned; freed in `deinit`.
public final class QueryResult {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { dims_PQclear(handle) }

    public var count: Int { Int(dims_PQntuples(handle)) }
    public var columns: Int { Int(dims_PQnfields(handle)) }
    /// Rows a command touched (`INSERT`, `UPDATE`, `COPY`), 0 when it says none.
    public var affected: Int { Int(String(cString: dims_PQcmdTuples(handle))) ?? 0 }

    public func isNull(_ row: Int, _ column: Int) -> Bool { dims_PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

    /// The value as text (text results), nil when NULL.
    public func string(_ row: Int, _ column: Int) -> String? {
        isNull(row, column) ? nil : String(cString: dims_PQgetvalue(handle, Int32(row), Int32(column)))
    }

    /// A text-format integer, nil when NULL or not a number.
    public func int64(_ row: Int, _ column: Int) -> Int64? { string(row, column).flatMap { Int64($0) } }

    /// The value's raw bytes (binary results: bytea as is, int8 as 8 bytes big-endian), nil when NULL.
    public func withBytes<T>(_ row: Int, _ column: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T? {
        guard !isNull(row, column) else { return nil }
        let pointer = dims_PQgetvalue(handle, Int32(row), Int32(column))
        let length = Int(dims_PQgetlength(handle, Int32(row), Int32(column)))
        return try body(UnsafeRawBufferPointer(start: pointer, count: length))
    }

    /// A binary-format `int8`, nil when NULL.
    public func binaryInt64(_ row: Int, _ column: Int) -> Int64? {
        withBytes(row, column) { bytes in
            bytes.count == 8 ? Int64(bigEndian: bytes.loadUnaligned(as: Int64.self)) : nil
        } ?? nil
    }
}
