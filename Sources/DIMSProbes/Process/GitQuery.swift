import DIMSCore

/// A `git` metric's options, read once: what it measures and which commits it takes.
struct GitQuery {
    enum Mode: String {
        case commits, latestAgeHours = "latest_age_hours", latestAgeDays = "latest_age_days"
    }

    var mode: Mode
    /// `grep_scope: oneline`: count the lines of `git log --oneline` that match `grep`.
    var oneline: Bool
    var ignoreCase: Bool
    var extended: Bool
    var since: String?
    var until: String?
    var author: String?
    var grep: String?
    var all: Bool
    var paths: [String]
    var timeout: Double

    init(_ spec: MetricSpec) throws(ProbeError) {
        let options = spec.options
        let measure = options["measure"]?.string ?? "commits"
        guard let mode = Mode(rawValue: measure) else {
            throw ProbeError.invalidOption("measure", measure, expected: "'commits', 'latest_age_hours' or 'latest_age_days'")
        }
        self.mode = mode
        oneline = options["grep_scope"]?.string == "oneline"
        ignoreCase = options["ignore_case"]?.bool ?? false
        extended = options["extended"]?.bool ?? false
        since = options["since"]?.string
        until = options["until"]?.string
        author = options["author"]?.string
        grep = options["grep"]?.string
        all = options["all"]?.bool == true
        paths = options["paths"]?.strings ?? []
        timeout = options["timeout"]?.double ?? 30
        if mode == .commits, oneline, grep == nil { throw ProbeError(code: .invalidOption, message: "Metric '\(spec.path)' needs 'grep' for 'grep_scope: oneline'") }
    }

    /// The options that judge each commit on its own: `--author`, and `--grep` (with `-i`) unless counting oneline.
    var commitFilters: [String] {
        var filters: [String] = []
        if let author { filters.append("--author=\(author)") }
        if let grep, !oneline {
            filters.append("--grep=\(grep)")
            if ignoreCase { filters.append("-i") }
        }
        return filters
    }

    /// The matcher of `grep_scope: oneline` lines.
    func onelineMatcher() throws(ProbeError) -> LineMatcher? {
        guard mode == .commits, oneline, let grep else { return nil }
        return try LineMatcher(pattern: grep, ignoreCase: ignoreCase, extended: extended)
    }

    /// The value of a count of `count` commits or lines, as git's printed count would parse.
    func value(count: Int, spec: MetricSpec) -> ProbeResult {
        if mode == .commits, oneline { return .value(spec.parseType == .float ? .float(Double(count)) : .integer(Int64(count))) }
        guard let value = spec.parseType.parse(String(count), precision: spec.precision) else {
            return .failure(ProbeError(code: .unparsableOutput, message: "Git printed '\(count)', which is not a valid \(spec.parseType.rawValue)").message)
        }
        return .value(value)
    }
}
