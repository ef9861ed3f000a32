public import DIMSCore

/// How many metrics of a report are OK, drifted, failed or new.
public struct ReportSummary: Hashable, Sendable {
    public var total: Int
    public var ok: Int
    /// Numeric drift and changed strings or booleans.
    public var drifted: Int
    public var errors: Int
    public var new: Int

    public init(total: Int, ok: Int, drifted: Int, errors: Int, new: Int) {
        self.total = total
        self.ok = ok
        self.drifted = drifted
        self.errors = errors
        self.new = new
    }

    public init(_ report: InventoryReport) {
        self.init(rows: report.rows)
    }

    public init(rows: [InventoryReport.Row]) {
        self.init(total: rows.count, ok: 0, drifted: 0, errors: 0, new: 0)
        for row in rows {
            switch row.verdict {
            case .ok: ok += 1
            case .drifted, .changed: drifted += 1
            case .error: errors += 1
            case .new: new += 1
            }
        }
    }

    /// The report files' summary: `22/25 OK, 3 drifted, 0 errors, 0 new`.
    public var text: String {
        "\(ok)/\(total) OK, \(drifted) drifted, \(errors) \(errors == 1 ? "error" : "errors"), \(new) new"
    }
}
