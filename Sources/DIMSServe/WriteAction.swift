import Foundation

/// A change the dashboard may ask for under `--allow-write`: an operation of the command line, which the project
/// runs as the command line does, recording its actor.
public enum WriteAction: Sendable, Equatable {
    /// `dims approve accept|reject --id N --reviewer R --notes T [--no-auto-apply]`.
    case decide(request: UInt32, accept: Bool, reviewer: String, notes: String, apply: Bool)
    /// `dims update --metric M`: measure the metric now and move its baseline to the value (or ask for approval).
    case updateBaseline(metric: String)
}

/// How a write ended: the exit status of the command that did it and its JSON answer, the response's body.
public struct WriteOutcome: Sendable, Equatable {
    /// The command's exit status (ARCHITECTURE.md, "Exit statuses").
    public var exitStatus: Int32
    /// The command's `--json` answer, byte for byte.
    public var body: String

    public init(exitStatus: Int32, body: String) {
        self.exitStatus = exitStatus
        self.body = body
    }
}

extension WriteAction {
    /// The action a `POST` to `path` with `body` (a JSON object) asks for, or why it cannot be done.
    ///
    /// `POST /api/approvals/N/accept` and `.../reject` take `{"reviewer": NAME, "notes": TEXT}` (`reviewer`
    /// required) and accept also `"apply": false` (`--no-auto-apply`); `POST /api/baselines/METRIC` takes `{}`.
    static func parse(path: String, body: [String: Any]) throws(DashboardError) -> WriteAction {
        if path.hasPrefix("/api/baselines/") {
            let metric = String(path.dropFirst("/api/baselines/".count))
            guard !metric.isEmpty else { throw DashboardError(.notFound, "Name the metric: POST /api/baselines/METRIC") }
            return .updateBaseline(metric: metric)
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[1] == "api", parts[2] == "approvals", parts[4] == "accept" || parts[4] == "reject" else {
            throw DashboardError(.notFound, "No such write: POST \(path) (there are /api/approvals/N/accept, /api/approvals/N/reject and /api/baselines/METRIC)")
        }
        guard let number = UInt32(parts[3]), number > 0 else {
            throw DashboardError(.badRequest, "Invalid request number '\(parts[3])': use the number 'dims approve list' shows")
        }
        guard let reviewer = body["reviewer"] as? String, !reviewer.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DashboardError(.badRequest, "Give the reviewer's name: {\"reviewer\": NAME, \"notes\": TEXT}")
        }
        if body["notes"] != nil, !(body["notes"] is String) { throw DashboardError(.badRequest, "'notes' must be a string") }
        if body["apply"] != nil, !(body["apply"] is Bool) { throw DashboardError(.badRequest, "'apply' must be true or false") }
        let accept = parts[4] == "accept"
        if !accept, body["apply"] != nil { throw DashboardError(.badRequest, "'apply' is for accept only") }
        return .decide(request: number, accept: accept, reviewer: reviewer, notes: body["notes"] as? String ?? "", apply: body["apply"] as? Bool ?? true)
    }
}
