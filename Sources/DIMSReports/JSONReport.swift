import DIMSCore

/// The JSON report, with sorted keys and typed values.
///
/// The document is an object with these keys:
/// - `generated`: when the report was made, ISO 8601 in UTC (`2025-10-22T14:03:00Z`).
/// - `root`: the project root the metrics were measured in.
/// - `summary`: `{total, ok, drifted, errors, new}`, counts of metrics; `drifted` includes changed strings and booleans.
/// - `metrics`: one object per metric, in the report's order, with
///   `path` (`category.name`), `category`, `name`, `description`, `volatility` (`stable` or `volatile`),
///   `value` (integer, float, string, boolean, or null when the latest attempt failed or none was made),
///   `value_type` (`integer`, `float`, `string`, `boolean` or null), `measured` (ISO 8601 or null),
///   `baseline` (typed like `value`, or null), `baseline_set` (ISO 8601 or null),
///   `status` (`ok`, `drifted`, `changed`, `new` or `error`), `level` (`ok`, `minor`, `moderate`, `major`, `critical`),
///   `severity` (`none`, `low`, `medium`, `high`, `critical`), `delta` (value minus baseline: an integer between
///   integers, else a float rounded to the values' decimals; null unless drifted), `percent` (the delta in percent of the baseline;
///   null unless drifted from a non-zero baseline), `error` (the failure's reason or null), `backfilled` (whether
///   the value was measured at a past commit by `dims backfill`),
///   and `series`: `[{time, value, backfilled}]`, oldest first.
/// - `pending_approvals`: the baseline moves awaiting a person, oldest first: `{id, metric, baseline, requested,
///   change, trigger, run, asked_by, asked_at}`.
/// - `recommendations`: what the facts suggest (`dims recommend`): `{rule, metrics, message, evidence}`, evidence
///   being the numbers behind it by name.
enum JSONReport {
    static func render(_ report: InventoryReport) -> String {
        document(report).rendered() + "\n"
    }

    /// The whole report as a JSON value.
    static func document(_ report: InventoryReport) -> JSONValue {
        let summary = ReportSummary(report)
        return .object([
            "generated": .string(report.generated.iso8601),
            "root": .string(report.root),
            "summary": .object([
                "total": .integer(Int64(summary.total)),
                "ok": .integer(Int64(summary.ok)),
                "drifted": .integer(Int64(summary.drifted)),
                "errors": .integer(Int64(summary.errors)),
                "new": .integer(Int64(summary.new)),
            ]),
            "metrics": .array(report.rows.map(metric)),
            "pending_approvals": .array(report.approvals.map(approval)),
            "recommendations": .array(report.recommendations.map(recommendation)),
        ])
    }

    static func recommendation(_ item: Recommendation) -> JSONValue {
        .object([
            "rule": .string(item.rule.rawValue),
            "metrics": .array(item.metrics.map { .string($0.rawValue) }),
            "message": .string(item.message),
            "evidence": .object(item.evidence.mapValues { .number($0) }),
        ])
    }

    static func metric(_ row: InventoryReport.Row) -> JSONValue {
        var delta = JSONValue.null
        var percent = JSONValue.null
        if case .drifted(_, let change, let relative) = row.verdict {
            let integral = row.value?.isInteger == true && row.baseline?.isInteger == true && change == change.rounded()
            let decimals = NumberText.decimals(row.value, row.baseline)
            delta = integral && abs(change) < 9e18 ? .integer(Int64(change)) : .number(Value.round(change, precision: decimals))
            percent = relative.map { .number($0) } ?? .null
        }
        return .object([
            "path": .string(row.metric.rawValue),
            "category": .string(row.metric.category),
            "name": .string(row.metric.name),
            "description": .string(row.description),
            "volatility": .string(row.volatility.rawValue),
            "value": value(row.value),
            "value_type": (row.value ?? row.baseline ?? row.series.last?.value).map { .string($0.typeName) } ?? .null,
            "measured": time(row.measured),
            "baseline": value(row.baseline),
            "baseline_set": time(row.baselineSet),
            "status": .string(row.verdict.statusName),
            "level": .string(row.verdict.level.description.lowercased()),
            "severity": .string(row.severity.description.lowercased()),
            "delta": delta,
            "percent": percent,
            "error": row.verdict.errorReason.map { .string($0) } ?? .null,
            "backfilled": .bool(row.valueBackfilled),
            "series": .array(row.series.map { point in
                .object(["time": .string(point.observed.iso8601), "value": value(point.value), "backfilled": .bool(row.backfilled.contains(point.seq))])
            }),
        ])
    }

    static func approval(_ record: ApprovalRecord) -> JSONValue {
        let request = record.request
        return .object([
            "id": .integer(Int64(request.number)),
            "metric": .string(request.metric.rawValue),
            "baseline": value(request.previous),
            "requested": value(request.value),
            "change": .string(TerminalFormat.change(request)),
            "trigger": .string(request.trigger.description),
            "run": .string(request.run.description),
            "asked_by": .string(record.actor),
            "asked_at": .string(record.observed.iso8601),
        ])
    }

    static func value(_ value: Value?) -> JSONValue {
        switch value {
        case .integer(let number)?: .integer(number)
        case .float(let number)?: .number(number)
        case .string(let text)?: .string(text)
        case .boolean(let flag)?: .bool(flag)
        case nil: .null
        }
    }

    private static func time(_ stamp: Timestamp?) -> JSONValue {
        stamp.map { .string($0.iso8601) } ?? .null
    }
}

extension Value {
    var isInteger: Bool {
        if case .integer = self { return true }
        return false
    }

    /// The name of the value's type, as `parse_type` spells it.
    var typeName: String {
        switch self {
        case .integer: "integer"
        case .float: "float"
        case .string: "string"
        case .boolean: "boolean"
        }
    }
}
