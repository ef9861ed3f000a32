public import DIMSCore

/// Compares what a command and its native rewrite measured on the same data.
public enum MigrationCheck {
    /// `proven` when both gave the same value (numbers equal, or equal at `precision` when either is a float);
    /// `unproven` when the command could not run; `differs` otherwise.
    public static func outcome(original: ProbeResult, rewritten: ProbeResult, precision: Int?) -> MigrationProof.Outcome {
        guard case .value(let before) = original else { return .unproven }
        guard case .value(let after) = rewritten else { return .differs }
        return same(before, after, precision: precision) ? .proven : .differs
    }

    static func same(_ a: Value, _ b: Value, precision: Int?) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.boolean(let x), .boolean(let y)): return x == y
        default:
            guard let x = a.number, let y = b.number else { return false }
            return Value.round(x, precision: precision) == Value.round(y, precision: precision)
        }
    }

    /// The note of a compared rewrite: what both gave, or why it stays a command.
    public static func note(_ proof: MigrationProof) -> String {
        switch proof.outcome {
        case .proven: return "proven: the command and the native source both give \(text(proof.original))"
        case .differs:
            return "kept as a command: the command gives \(text(proof.original)), the native source \(text(proof.rewritten))"
        case .unproven: return "unproven: could not run the command (\(text(proof.original)))"
        }
    }

    /// A result as the notes show it: `1234`, `5.51`, `'text'`, `an error: …`.
    public static func text(_ result: ProbeResult) -> String {
        switch result {
        case .value(.string(let text)): return "'\(text)'"
        case .value(.integer(let number)): return String(number)
        case .value(.float(let number)): return String(number)
        case .value(.boolean(let flag)): return flag ? "true" : "false"
        case .failure(let reason): return "an error: \(reason)"
        }
    }
}
