import DIMSCore
@testable import DIMSReports
import Testing

@Suite struct PrometheusTextTests {
    static func row(_ path: String, value: Value?, baseline: Value?, verdict: Verdict) -> InventoryReport.Row {
        InventoryReport.Row(metric: MetricPath(path), description: "", volatility: .stable, value: value, measured: Timestamp(seconds: 1_700_000_000),
                            baseline: baseline, baselineSet: nil, verdict: verdict, severity: Severity(level: verdict.level, volatility: .stable), series: [])
    }

    @Test func samplesPerMetricAndEventKind() {
        let report = InventoryReport(generated: Timestamp(seconds: 0), root: "/p", rows: [
            Self.row("code.files", value: .integer(110), baseline: .integer(100), verdict: .drifted(level: .moderate, delta: 10, percent: 10)),
            Self.row("code.flag", value: .boolean(true), baseline: .boolean(true), verdict: .ok),
            Self.row("code.name", value: .string("x"), baseline: .string("x"), verdict: .ok),
            Self.row("code.broken", value: nil, baseline: .float(2.5), verdict: .error("no such file")),
        ])
        let text = PrometheusText.render(report, eventsByKind: ["measured": 7, "baseline_set": 2])
        #expect(text.contains("dims_metric_value{category=\"code\",metric=\"code.files\"} 110\n"))
        #expect(text.contains("dims_metric_value{category=\"code\",metric=\"code.flag\"} 1\n"))
        #expect(!text.contains("dims_metric_value{category=\"code\",metric=\"code.name\"}"), "strings have no sample")
        #expect(text.contains("dims_metric_baseline{category=\"code\",metric=\"code.broken\"} 2.5\n"))
        #expect(text.contains("dims_metric_drift_percent{category=\"code\",metric=\"code.files\"} 10\n"))
        #expect(text.contains("dims_metric_drift_level{category=\"code\",metric=\"code.files\"} 2\n"))
        #expect(!text.contains("dims_metric_drift_level{category=\"code\",metric=\"code.broken\"}"))
        #expect(text.contains("dims_metric_error{category=\"code\",metric=\"code.broken\"} 1\n"))
        #expect(text.contains("dims_metric_last_measured_timestamp_seconds{category=\"code\",metric=\"code.files\"} 1700000000\n"))
        #expect(text.contains("# TYPE dims_events_total counter\ndims_events_total{kind=\"baseline_set\"} 2\ndims_events_total{kind=\"measured\"} 7\n"))
    }

    @Test func labelValuesAreEscaped() {
        #expect(PrometheusText.escapeLabel("a\"b\\c\nd\r\ne") == "a\\\"b\\\\c\\nd\r\\ne")
        #expect(PrometheusText.number(.infinity) == "+Inf" && PrometheusText.number(-.infinity) == "-Inf" && PrometheusText.number(.nan) == "NaN")
        #expect(PrometheusText.number(0.25) == "0.25" && PrometheusText.number(-3) == "-3")
    }
}
