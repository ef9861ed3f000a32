import DIMSCore
import DIMSReports
import Foundation
import DIMSWorkflow

/// The JSON answers of `verify` and `update`: the JSON report, plus the metrics whose baselines moved.
enum JSONOutput {
    static func report(_ report: InventoryReport, updated: [MetricPath], held: HeldMoves = HeldMoves()) -> String {
        let body = ReportFormat.render(report, as: .json).trimmingCharacters(in: .whitespacesAndNewlines)
        let list = updated.map { "\"\($0.rawValue.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"" }
        // The report is an object: add the "updated" key right after its opening brace.
        guard body.hasPrefix("{") else { return body }
        let awaiting = held.awaiting.map { String($0.number) }.joined(separator: ", ")
        return "{\n  \"updated\" : [\(list.joined(separator: ", "))],\n  \"awaiting_approval\" : [\(awaiting)],\(body.dropFirst())"
    }
}
