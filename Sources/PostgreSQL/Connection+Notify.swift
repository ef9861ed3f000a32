internal import CPQ
import Foundation

/// A `NOTIFY` the server delivered to a listening connection.
public struct Notification: Hashable, Sendable {
    public var channel: String
    public var payload: String
}

extension Connection {
    /// Starts listening on `channel` (an identifier: letters, digits, underscores).
    public func listen(_ channel: String) throws(PostgreSQLError) {
        try execute("LISTEN \(channel)")
    }

    /// Waits up to `timeout` seconds for notifications and returns those that arrived (empty on timeout).
    ///
    /// A closed connection throws `.broken`.
    public func notifications(waitingUpTo timeout: Double) throws(PostgreSQLError) -> [Notification] {
        var arrived = drain()
        guard arrived.isEmpty else { return arrived }
        var descriptor = pollfd(fd: dims_PQsocket(handle), events: Int16(POLLIN), revents: 0)
        guard descriptor.fd >= 0 else { throw failure(.broken, "LISTEN") }
        let ready = poll(&descriptor, 1, Int32(max(0, timeout * 1000)))
        if ready < 0 && errno != EINTR { throw PostgreSQLError(code: .broken, message: "Waiting for the server failed: \(String(cString: strerror(errno)))") }
        if ready > 0 {
            guard dims_PQconsumeInput(handle) == 1 else { throw failure(.broken, "LISTEN") }
            arrived = drain()
        }
        return arrived
    }

    private func drain() -> [Notification] {
        var arrived: [Notification] = []
        _ = dims_PQconsumeInput(handle)
        while let notify = dims_PQnotifies(handle) {
            arrived.append(Notification(channel: String(cString: notify.pointee.relname), payload: String(cString: notify.pointee.extra)))
            dims_PQfreemem(notify)
        }
        return arrived
    }
}
