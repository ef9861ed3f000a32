import DIMSCore
import DIMSReports
import DIMSWorkflow

/// The JSON answer of `verify` and `update`: the JSON report's keys (`JSONReport`), plus the metrics whose baselines
/// moved and the numbers of the requests awaiting approval.
struct VerifyAnswer: Encodable {
    let report: ReportDocument
    let updated: [String]
    let awaitingApproval: [UInt32]

    init(_ report: InventoryReport, updated: [MetricPath], held: HeldMoves = HeldMoves()) {
        self.report = ReportDocument(report)
        self.updated = updated.map(\.rawValue)
        awaitingApproval = held.awaiting.map(\.number)
    }

    enum CodingKeys: String, CodingKey {
        case updated, awaitingApproval = "awaiting_approval"
    }

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(updated, forKey: .updated)
        try container.encode(awaitingApproval, forKey: .awaitingApproval)
    }
}
