import DIMSCore

extension EventCodec {
    /// `metric | command | native | original result | rewritten result | outcome u8 | written u8`; a result is
    /// `1 value` or `0 reason`.
    static func encode(_ proof: MigrationProof, into w: inout ByteWriter) {
        w.string(proof.metric.rawValue)
        w.string(proof.command)
        w.string(proof.native)
        encode(proof.original, into: &w)
        encode(proof.rewritten, into: &w)
        w.u8(proof.outcome.rawValue)
        w.u8(proof.written ? 1 : 0)
    }

    static func decodeProof(_ r: inout ByteReader) -> MigrationProof? {
        guard let metric = r.string(), let command = r.string(), let native = r.string(),
              let original = decodeResult(&r), let rewritten = decodeResult(&r),
              let outcomeByte = r.u8(), let outcome = MigrationProof.Outcome(rawValue: outcomeByte), let written = r.u8() else { return nil }
        return MigrationProof(metric: MetricPath(metric), command: command, native: native, original: original, rewritten: rewritten,
                              outcome: outcome, written: written == 1)
    }

    private static func encode(_ result: ProbeResult, into w: inout ByteWriter) {
        switch result {
        case .value(let value):
            w.u8(1)
            encode(value, into: &w)
        case .failure(let reason):
            w.u8(0)
            w.string(reason)
        }
    }

    private static func decodeResult(_ r: inout ByteReader) -> ProbeResult? {
        switch r.u8() {
        case 1: decodeValue(&r).map(ProbeResult.value)
        case 0: r.string().map(ProbeResult.failure)
        default: nil
        }
    }
}
