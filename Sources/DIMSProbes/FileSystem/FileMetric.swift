import DIMSCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One file-based metric, read from its spec: its kind, its file sets, and how its total becomes a value.
struct FileMetric: Sendable {
    enum Kind: String, Sendable { case files, lines, bytes, grep, age }
    /// What a missing path gives: an error, nothing (`zero`), or a fixed value for the whole metric.
    enum Missing: Sendable, Equatable { case error, zero, value(Double) }
    enum Usage: Sendable { case apparent, disk }

    var spec: MetricSpec
    var kind: Kind
    var sets: [FileSet]
    var missing = Missing.error
    var usage = Usage.apparent
    var unitDivisor = 1.0
    var roundsUp = false
    var ageSeconds = 3600.0
    var grep: (pattern: String, ignoreCase: Bool, extended: Bool)?

    init(_ spec: MetricSpec, home: String?) throws(ProbeError) {
        self.spec = spec
        guard let kind = Kind(rawValue: spec.source.rawValue) else {
            throw ProbeError(code: .unknownSource, message: "Source '\(spec.source)' does not measure files")
        }
        self.kind = kind
        let base = try FileSet({ spec.options[$0] }, defaults: nil, home: home)
        if let items = spec.options["sets"]?.list {
            sets = try items.map { (item: ConfigValue) throws(ProbeError) -> FileSet in
                try FileSet({ item[$0] }, defaults: base, home: home)
            }
        } else {
            sets = [base]
        }
        if let value = spec.options["missing"] {
            switch value.string?.lowercased() {
            case "zero", "skip": missing = .zero
            case "error": missing = .error
            default:
                guard let number = value.double, number.isFinite, abs(number) < 9e18 else {
                    throw .invalidOption("missing", value.string ?? "?", expected: "'zero', 'skip', 'error' or a number")
                }
                missing = .value(number)
            }
        }
        try readUnits()
        if kind == .grep {
            guard let pattern = spec.options["pattern"]?.string else {
                throw ProbeError(code: .invalidOption, message: "Metric '\(spec.path)' needs a 'pattern' for source 'grep'")
            }
            let ignoreCase = try FileSet.flag({ spec.options[$0] }, "ignore_case") ?? false
            let extended = try FileSet.flag({ spec.options[$0] }, "extended") ?? false
            _ = try LineMatcher(pattern: pattern, ignoreCase: ignoreCase, extended: extended)
            grep = (pattern, ignoreCase, extended)
        }
    }

    private mutating func readUnits() throws(ProbeError) {
        let unit = spec.options["unit"]?.string
        switch kind {
        case .bytes:
            let units = ["B": 1.0, "KB": 1024, "MB": 1_048_576, "GB": 1_073_741_824, "TB": 1_099_511_627_776]
            if let unit {
                guard let divisor = units[unit.uppercased()] else { throw .invalidOption("unit", unit, expected: "B, KB, MB, GB or TB") }
                unitDivisor = divisor
            }
            switch spec.options["usage"]?.string?.lowercased() {
            case nil, "apparent": usage = .apparent
            case "disk": usage = .disk
            case let other?: throw .invalidOption("usage", other, expected: "'apparent' or 'disk'")
            }
            switch spec.options["rounding"]?.string?.lowercased() {
            case nil, "nearest": roundsUp = false
            case "up": roundsUp = true
            case let other?: throw .invalidOption("rounding", other, expected: "'nearest' or 'up'")
            }
        case .age:
            switch unit?.lowercased() {
            case nil, "hours": ageSeconds = 3600
            case "days": ageSeconds = 86_400
            case let other?: throw .invalidOption("unit", other, expected: "'hours' or 'days'")
            }
        default: break
        }
    }

    /// Whether the walk must `stat` the metric's files.
    var needsStat: Bool { kind == .bytes || kind == .age }
    /// Whether the metric's files must be read.
    var needsRead: Bool { kind == .lines || kind == .grep }

    var precision: Int? { spec.precision ?? spec.options["precision"]?.integer.map(Int.init) }

    /// The metric's value from its total: a count, a number of bytes, or the newest change in microseconds (nil when nothing matched).
    func value(total: Int64, newest: Int64?, now: Timestamp) -> Value? {
        switch kind {
        case .files, .lines, .grep:
            return spec.parseType == .float ? .float(Double(total)) : .integer(total)
        case .bytes:
            var amount = Double(total) / unitDivisor
            if roundsUp { amount = amount.rounded(.up) }
            if spec.parseType == .integer { return .integer(Int64(amount.rounded())) }
            return .float(Value.round(amount, precision: precision))
        case .age:
            guard let newest else { return nil }
            let age = Double(now.micros - newest) / 1_000_000 / ageSeconds
            if spec.parseType == .integer { return .integer(Int64(age.rounded(.down))) }
            return .float(Value.round(age, precision: precision))
        }
    }

    /// The metric's result from its total: its first error, what a missing path gives, its value, or why there is none.
    func result(total: Int64, newest: Int64?, error: ProbeError?, missingPath: String?, now: Timestamp) -> ProbeResult? {
        if let error { return .failure(error.message) }
        if let path = missingPath {
            switch missing {
            case .error: return .failure(ProbeError.system(ENOENT, path: path).message)
            case .value: return missingValue.map(ProbeResult.value)
            case .zero: break
            }
        }
        if let value = value(total: total, newest: newest, now: now) { return .value(value) }
        if missingPath != nil { return .value(spec.parseType == .integer ? .integer(0) : .float(0)) }
        let paths = sets.flatMap(\.paths).map { "'\($0)'" }.joined(separator: ", ")
        return .failure("No file matched in \(paths), so there is no change to take the age of")
    }

    /// The metric's value by top-level folder, in its own units (unrounded), from its subscriptions' parts; nil for
    /// an age, which does not add up over files, or a value that a missing path fixed.
    func breakdown(_ parts: [[String: Int64]], missingPath: String?) -> [String: Double]? {
        guard kind != .age, missingPath == nil || missing == .zero else { return nil }
        var raw: [String: Int64] = [:]
        for part in parts { raw.merge(part, uniquingKeysWith: +) }
        let divisor = kind == .bytes ? unitDivisor : 1
        return raw.mapValues { Double($0) / divisor }
    }

    /// The value a missing path gives when the metric says so.
    var missingValue: Value? {
        guard case .value(let number) = missing else { return nil }
        return spec.parseType == .integer ? .integer(Int64(number)) : .float(number)
    }
}
