import DIMSCore

/// The payloads of hook and alert events (kinds 24–27).
extension EventCodec {
    static func encodeTrigger(_ trigger: Trigger, into w: inout ByteWriter) {
        w.string(trigger.type)
        w.string(trigger.source)
        w.varint(UInt64(trigger.hooks.count))
        for hook in trigger.hooks { w.string(hook) }
        w.varint(UInt64(trigger.metrics.count))
        for metric in trigger.metrics { w.string(metric.rawValue) }
        w.varint(UInt64(trigger.measured))
        w.varint(UInt64(trigger.failed))
    }

    static func decodeTrigger(_ r: inout ByteReader) -> Trigger? {
        guard let type = r.string(), let source = r.string(), let hooks = strings(&r), let metrics = strings(&r),
              let measured = r.varint(), let failed = r.varint(), let m = Int(exactly: measured), let f = Int(exactly: failed) else { return nil }
        return Trigger(type: type, source: source, hooks: hooks, metrics: metrics.map { MetricPath($0) }, measured: m, failed: f)
    }

    static func encodeAlert(_ alert: Alert, into w: inout ByteWriter) {
        w.string(alert.channel)
        w.u8(alert.kind.rawValue)
        w.u8(alert.level.rawValue)
        optional(alert.metric?.rawValue, into: &w) { $0.string($1) }
        optional(alert.value, into: &w) { encode($1, into: &$0) }
        optional(alert.baseline, into: &w) { encode($1, into: &$0) }
        w.string(alert.text)
    }

    static func decodeAlert(_ r: inout ByteReader) -> Alert? {
        guard let channel = r.string(), let kind = r.u8().flatMap(AlertKind.init(rawValue:)),
              let level = r.u8().flatMap(AlertLevel.init(rawValue:)),
              let metric = optional(&r, { $0.string() }), let value = optional(&r, { decodeValue(&$0) }),
              let baseline = optional(&r, { decodeValue(&$0) }), let text = r.string() else { return nil }
        return Alert(channel: channel, kind: kind, level: level, metric: metric.map { MetricPath($0) }, value: value, baseline: baseline, text: text)
    }

    static func encodeOutcome(_ outcome: AlertOutcome, into w: inout ByteWriter) {
        w.u64be(outcome.alert.high)
        w.u64be(outcome.alert.low)
        w.string(outcome.channel)
        w.zigzag(Int64(outcome.status))
        w.varint(UInt64(max(0, outcome.attempts)))
        w.string(outcome.reason)
    }

    static func decodeOutcome(_ r: inout ByteReader) -> AlertOutcome? {
        guard let high = r.u64be(), let low = r.u64be(), let channel = r.string(), let status = r.zigzag(),
              let attempts = r.varint(), let reason = r.string(), let s = Int(exactly: status), let a = Int(exactly: attempts) else { return nil }
        return AlertOutcome(alert: EventID(high: high, low: low), channel: channel, status: s, attempts: a, reason: reason)
    }

    // MARK: - Helpers

    private static func strings(_ r: inout ByteReader) -> [String]? {
        guard let count = r.varint(), count <= UInt64(r.remaining) else { return nil }
        var result: [String] = []
        for _ in 0..<count {
            guard let text = r.string() else { return nil }
            result.append(text)
        }
        return result
    }

    /// A presence byte, then the value when present.
    private static func optional<T>(_ value: T?, into w: inout ByteWriter, _ body: (inout ByteWriter, T) -> Void) {
        if let value {
            w.u8(1)
            body(&w, value)
        } else {
            w.u8(0)
        }
    }

    /// Reads what `optional(_:into:_:)` wrote: `.some(nil)` when absent, nil when unreadable.
    private static func optional<T>(_ r: inout ByteReader, _ body: (inout ByteReader) -> T?) -> T?? {
        switch r.u8() {
        case 0: return .some(nil)
        case 1: return body(&r).map { .some($0) }
        default: return nil
        }
    }
}
