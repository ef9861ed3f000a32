public import DIMSCore

/// The report in the Prometheus text exposition format (version 0.0.4): what `/metrics` of `dims serve` answers
/// and `dims generate --format prom` writes for node_exporter's textfile collector.
///
/// Per metric, labelled `category` and `metric` (the full path): `dims_metric_value` and `dims_metric_baseline`
/// (numbers; booleans as 0 or 1; strings have none), `dims_metric_drift_percent` (when drifted from a non-zero
/// baseline), `dims_metric_drift_level` (0 ok, 1 minor, 2 moderate, 3 major, 4 critical), `dims_metric_error` (1
/// when the latest attempt failed), `dims_metric_last_measured_timestamp_seconds`; and `dims_events_total` by
/// event kind.
public enum PrometheusText {
    /// The file `dims generate --format prom` writes in `inventory/outputs/`.
    public static let fileName = "dims.prom"

    public static func render(_ report: InventoryReport, eventsByKind: [String: Int]) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: [(String, String)], value: Double)]) {
            guard !samples.isEmpty else { return }
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples {
                let labels = sample.labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",")
                out += "\(name){\(labels)} \(number(sample.value))\n"
            }
        }
        func perMetric(_ value: (InventoryReport.Row) -> Double?) -> [(labels: [(String, String)], value: Double)] {
            report.rows.compactMap { row in
                value(row).map { ([("category", row.metric.category), ("metric", row.metric.rawValue)], $0) }
            }
        }
        family("dims_metric_value", "gauge", "The metric's latest measured value (booleans as 0 or 1).", perMetric { numeric($0.value) })
        family("dims_metric_baseline", "gauge", "The metric's baseline.", perMetric { numeric($0.baseline) })
        family("dims_metric_drift_percent", "gauge", "The change from the baseline in percent of the baseline, when drifted.", perMetric { row in
            if case .drifted(_, _, let percent?) = row.verdict { percent } else { nil }
        })
        family("dims_metric_drift_level", "gauge", "Drift level: 0 ok, 1 minor, 2 moderate, 3 major, 4 critical.", perMetric { row in
            if case .error = row.verdict { nil } else { Double(row.verdict.level.rawValue) }
        })
        family("dims_metric_error", "gauge", "1 when the latest measurement failed, else 0.", perMetric { row in
            if case .error = row.verdict { 1 } else { 0 }
        })
        family("dims_metric_last_measured_timestamp_seconds", "gauge", "When the metric was last measured, in seconds since the epoch.",
               perMetric { $0.measured?.seconds })
        family("dims_events_total", "counter", "Events in the log, by kind.",
               eventsByKind.sorted { $0.key < $1.key }.map { ([("kind", $0.key)], Double($0.value)) })
        return out
    }

    static func numeric(_ value: Value?) -> Double? {
        switch value {
        case .integer(let v)?: Double(v)
        case .float(let v)?: v
        case .boolean(let v)?: v ? 1 : 0
        case .string?, nil: nil
        }
    }

    /// A sample value as Prometheus reads it: integers without a fraction, `NaN`, `+Inf`, `-Inf`.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A label value: backslash, double quote and line feed escaped.
    static func escapeLabel(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
