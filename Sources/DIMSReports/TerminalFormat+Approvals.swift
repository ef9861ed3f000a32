public import DIMSCore

extension TerminalFormat {
    /// `⏸  s3_storage.total_objects: 0 awaits approval #12 (-100.0% from 172,975)`.
    public static func approvalLine(_ record: ApprovalRecord, useColor: Bool = false) -> String {
        let request = record.request
        let head = "⏸  \(request.metric): \(value(request.value))"
        let move = "(\(change(request)) from \(value(request.previous)))"
        switch record.status {
        case .pending:
            return ANSI.paint("\(head) awaits approval #\(request.number) \(move)", .yellow, useColor)
        case .rejected(let decision):
            return ANSI.paint("\(head) was rejected in #\(request.number) by \(decision.decision.reviewer) \(move); asked again when the value changes", .yellow, useColor)
        case .granted(let decision):
            return "\(head) was accepted in #\(request.number) by \(decision.decision.reviewer) \(move)"
        case .superseded(let newer):
            return "\(head) was asked in #\(request.number), superseded by #\(newer) \(move)"
        }
    }

    /// The move a request asks for: `-100.0%`, `+3` from a zero baseline, or `changed`.
    public static func change(_ request: ApprovalRequest) -> String {
        guard let now = request.value.number, let then = request.previous.number else { return "changed" }
        if then == 0 { return NumberText.signed(now - then, decimals: NumberText.decimals(request.value, request.previous)) }
        return NumberText.percent((now - then) / abs(then) * 100)
    }

    /// The ⏸ line of a pending request for the value `row` shows, if there is one.
    static func awaitedLines(for row: InventoryReport.Row, in report: InventoryReport, useColor: Bool) -> [String] {
        report.approvals.filter { $0.metric == row.metric && $0.request.value == row.value && $0.isPending }.map { approvalLine($0, useColor: useColor) }
    }

    /// A line of `approve list`: `#12  s3_storage.total_objects: 172,975 → 0 (-100.0%, collapse to zero) asked by ... at ... (verify --update)`.
    public static func approvalListLine(_ record: ApprovalRecord) -> String {
        let request = record.request
        return "#\(request.number)  \(request.metric): \(value(request.previous)) → \(value(request.value)) (\(change(request)), \(request.trigger)) "
            + "asked by \(record.actor) at \(record.observed.iso8601) (\(request.run))"
    }
}
