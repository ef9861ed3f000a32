public import DIMSCore
public import DIMSReports

/// Builds the report rows every command shows from outcomes or stored state.
public enum Rows {
    /// The row of a fresh outcome compared with `baseline`.
    public static func row(_ outcome: Outcome, baseline: Value?, baselineSet: Timestamp?, config: InventoryConfig, at now: Timestamp) -> InventoryReport.Row {
        let verdict: Verdict
        let value: Value?
        switch outcome.result {
        case .value(let measured):
            value = measured
            verdict = Verdict.compare(measured, baseline: baseline, thresholds: config.thresholds)
        case .failure(let reason):
            value = nil
            verdict = .error(reason)
        }
        return InventoryReport.Row(
            metric: outcome.spec.path, description: outcome.spec.description, volatility: outcome.spec.volatility,
            value: value, measured: now, baseline: baseline, baselineSet: baselineSet, verdict: verdict,
            severity: Severity(level: verdict.level, volatility: outcome.spec.volatility), series: [])
    }

    /// The row of a metric from the log's current state, without measuring.
    public static func row(_ spec: MetricSpec, state: MetricState?, config: InventoryConfig, series: [Point]) -> InventoryReport.Row {
        let verdict: Verdict
        var value: Value?
        switch state?.last?.outcome {
        case .value(let v)?:
            value = v
            verdict = Verdict.compare(v, baseline: state?.baseline?.value, thresholds: config.thresholds)
        case .failure(let reason)?:
            verdict = .error(reason)
        case nil:
            if let baseline = state?.baseline?.value {
                value = baseline
                verdict = .ok
            } else {
                verdict = .error("Never measured")
            }
        }
        return InventoryReport.Row(
            metric: spec.path, description: spec.description, volatility: spec.volatility, value: value,
            measured: state?.last?.observed ?? state?.baseline?.observed, baseline: state?.baseline?.value,
            baselineSet: state?.baseline?.observed, verdict: verdict,
            severity: Severity(level: verdict.level, volatility: spec.volatility), series: series)
    }
}
