import DIMSCore

extension EventCodec {
    /// `metric string | part count varint | (name string | value f64le)* | rest f64le`.
    static func encodeBreakdown(_ breakdown: Breakdown, into w: inout ByteWriter) {
        w.string(breakdown.metric.rawValue)
        w.varint(UInt64(breakdown.parts.count))
        for part in breakdown.parts {
            w.string(part.name)
            w.u64le(part.value.bitPattern)
        }
        w.u64le(breakdown.rest.bitPattern)
    }

    static func decodeBreakdown(_ r: inout ByteReader) -> Breakdown? {
        guard let metric = r.string(), let count = r.varint(), count <= UInt64(r.remaining) else { return nil }
        var parts: [Breakdown.Part] = []
        for _ in 0..<count {
            guard let name = r.string(), let bits = r.u64le() else { return nil }
            parts.append(Breakdown.Part(name: name, value: Double(bitPattern: bits)))
        }
        guard let rest = r.u64le() else { return nil }
        return Breakdown(metric: MetricPath(metric), parts: parts, rest: Double(bitPattern: rest))
    }
}
