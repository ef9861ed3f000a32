import DIMSCore

/// The cells of the pending-approvals table every report shows.
struct ApprovalRows {
    static let headings = ["Request", "Metric", "Baseline", "Requested", "Change", "Why", "Asked by"]
    let rows: [[String]]

    init(_ records: [ApprovalRecord]) {
        rows = records.map { record in
            let request = record.request
            return ["#\(request.number)", request.metric.rawValue, NumberText.display(request.previous), NumberText.display(request.value),
                    TerminalFormat.change(request), request.trigger.description,
                    "\(record.actor), \(record.observed.iso8601) (\(request.run))"]
        }
    }
}
