/// What the dashboard shows, answered by the project: each answer is the JSON (or text) body to send as it is.
///
/// Every call is synchronous and short: it opens an LMDB read transaction, reads, and closes it before returning,
/// so no transaction is ever held across an `await`.
public protocol DashboardSource: Sendable {
    /// What `verify` would show as of now or `at` (the JSON report), from the projections, without measuring.
    func overview(at: String?) throws(DashboardError) -> String
    /// The log's span and position: first and last observed time, last seq, now.
    func status() throws(DashboardError) -> String
    /// One metric's daily values, as `dims history METRIC --json` prints them.
    func history(metric: String, since: String?) throws(DashboardError) -> String
    /// One metric's audit timeline, as `dims audit METRIC --json` prints it.
    func audit(metric: String) throws(DashboardError) -> String
    /// The change between two moments, as `dims diff --since A --until B --json` prints it.
    func diff(since: String, until: String?) throws(DashboardError) -> String
    /// The Prometheus text exposition of the current state.
    func prometheus() throws(DashboardError) -> String
    /// The log's last seq: polled to tell open pages that something was appended; must be cheap.
    func lastSeq() throws(DashboardError) -> UInt64
    /// The alerts open as of now or `at`: per channel and metric, the last alert queued, unless it was a resolve.
    func alerts(at: String?) throws(DashboardError) -> String
    /// Does what `action` asks, as the command line does it (asked only under `--allow-write`, after the guard).
    /// It may take long (a measurement): it is awaited off the server's event loops.
    func perform(_ action: WriteAction) async -> WriteOutcome
}

/// A request the source cannot answer: its HTTP status and a message for the user.
public struct DashboardError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A parameter is malformed (a bad date): 400.
        case badRequest
        /// The metric is not known: 404.
        case notFound
        /// The log cannot be read: 503.
        case unavailable
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
