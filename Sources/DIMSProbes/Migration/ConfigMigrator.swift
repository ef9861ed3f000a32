public import DIMSCore
import DIMSSystem
import Foundation

/// Rewrites a config's shell-command metrics as native sources, editing the YAML text line by line so that comments and layout stay.
public struct ConfigMigrator: Sendable {
    /// The recognizers of single local commands, used inside guards and sums.
    public static var simpleRecognizers: [any CommandRecognizer] {
        [FindRecognizer(), WcRecognizer(), DuRecognizer(), GrepCountRecognizer(), GitLogRecognizer(), AgeRecognizer()]
    }
    /// Every local recognizer: single commands, guards (`[ -f F ] && … || echo 0`) and sums (`$(( … + … ))`).
    public static var localRecognizers: [any CommandRecognizer] {
        simpleRecognizers + [GuardRecognizer(), SumRecognizer()]
    }

    public var recognizers: [any CommandRecognizer]

    public init(recognizers: [any CommandRecognizer] = ConfigMigrator.localRecognizers) {
        self.recognizers = recognizers
    }

    /// The native equivalent of one command, or nil when no recognizer maps it exactly.
    public func recognize(_ command: String) -> RecognizedCommand? {
        recognizers.lazy.compactMap { $0.recognize(command) }.first
    }

    /// Rewrites the recognized commands of `configText`; with `only`, just those metrics (the others stay commands).
    ///
    /// A key the rewrite would add that the metric already has (`precision`, `unit`, ...) is written once: when the metric's
    /// own value is the same, its line stays and the rewrite leaves it out; when it differs, the metric stays a command.
    public func migrate(configText: String, only: Set<MetricPath>? = nil) -> MigrationResult {
        // Split on the scalar, since "\r\n" is a single Character.
        var lines = configText.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        var changes: [MigrationResult.Change] = []
        var diff: [String] = []
        let providers = measures(lines)
        // Walk backwards so that replacing one line with several keeps earlier line numbers valid.
        for found in YAMLMetrics.commandLines(lines).reversed() {
            let line = lines[found.line]
            let ending = line.hasSuffix("\r") ? "\r" : ""
            let indent = String(line.prefix { $0 == " " })
            guard let (command, comment) = YAMLText.scalar(String(line.dropLast(ending.count).drop { $0 != ":" }.dropFirst())) else {
                changes.append(.init(metric: found.metric, line: found.line + 1, command: nil, replacement: nil, notes: ["kept: the command spans several lines"]))
                continue
            }
            guard var recognized = recognize(command) else {
                changes.append(.init(metric: found.metric, line: found.line + 1, command: command, replacement: nil, notes: ["kept as a command: no native source matches it exactly"]))
                continue
            }
            if !recognized.inputs.isEmpty {
                guard let resolved = resolvingInputs(recognized, of: found.metric, providers: providers) else {
                    let needs = recognized.inputs.map { ConfigMigrator.flow($0) }.joined(separator: " and ")
                    changes.append(.init(metric: found.metric, line: found.line + 1, command: command, replacement: nil,
                                         notes: ["kept as a command: as a formula it needs a metric measuring \(needs), and no metric of the config does"]))
                    continue
                }
                recognized = resolved
            }
            var clash: String?
            recognized.options = recognized.options.filter { option in
                guard clash == nil, let existing = found.keys[option.key] else { return true }
                let own = YAMLText.scalar(String(lines[existing].drop { $0 != ":" }.dropFirst()))?.value
                if let own, own == option.value.string || own == YAMLText.flow(option.value) { return false }
                clash = "kept as a command: the metric's own '\(option.key): \(own ?? "…")' differs from the rewrite's '\(option.key): \(YAMLText.flow(option.value))'"
                return true
            }
            if let clash {
                changes.append(.init(metric: found.metric, line: found.line + 1, command: command, replacement: nil, notes: [clash]))
                continue
            }
            guard only?.contains(found.metric) ?? true else {
                changes.append(.init(metric: found.metric, line: found.line + 1, command: command, replacement: nil, candidate: recognized, notes: []))
                continue
            }
            var replacement = recognized.options.flatMap { YAMLText.lines($0.key, $0.value, indent: indent) }
            if !comment.isEmpty { replacement[0] += "  " + comment }
            replacement = replacement.map { $0 + ending }
            lines.replaceSubrange(found.line...found.line, with: replacement)
            changes.append(.init(metric: found.metric, line: found.line + 1, command: command, replacement: recognized, candidate: recognized, notes: recognized.notes))
            diff.insert(contentsOf: ["@@ -\(found.line + 1) +\(found.line + 1),\(replacement.count) @@ \(found.metric)", "-" + line] + replacement.map { "+" + $0 }, at: 0)
        }
        return MigrationResult(text: lines.joined(separator: "\n"), diff: diff.joined(separator: "\n"), changes: changes.reversed())
    }

    // MARK: - Formula inputs

    /// The keys that decide what a metric measures; the others (`description`, `enabled`, ...) do not change its value.
    static let measureKeys: Set<String> = [
        "source", "paths", "path", "include", "exclude", "require", "hidden", "gitignore", "sets", "missing", "follow_symlinks",
        "unit", "usage", "rounding", "precision", "pattern", "ignore_case", "extended", "since", "until", "author", "grep",
        "grep_scope", "all", "formula", "bucket", "prefix", "prefixes", "suffix", "measure", "min_size", "max_size",
        "count_smaller_than", "bytes", "date_pattern", "endpoint", "region", "profile",
    ]

    /// What each metric of the config measures once migrated, as its measure keys with their one-line values:
    /// a native metric's own keys, or a recognised command's rewrite with the keys the metric keeps.
    func measures(_ lines: [String]) -> [(metric: MetricPath, keys: [String: String])] {
        YAMLMetrics.metrics(lines).compactMap { metric, keys in
            var values: [String: String] = [:]
            for (key, line) in keys where ConfigMigrator.measureKeys.contains(key) || key == "command" {
                guard let value = YAMLText.scalar(String(lines[line].drop { $0 != ":" }.dropFirst()))?.value else { return nil }
                values[key] = value
            }
            if let command = values.removeValue(forKey: "command"), values["source"] == nil {
                guard let recognized = recognize(command), recognized.inputs.isEmpty else { return nil }
                for option in recognized.options { values[option.key] = values[option.key] ?? ConfigMigrator.text(option.value) }
            }
            return (metric, values)
        }
    }

    /// The rewrite with each `$N` of its formula replaced by the first other metric that measures input N; nil when one has none.
    func resolvingInputs(_ recognized: RecognizedCommand, of metric: MetricPath,
                         providers: [(metric: MetricPath, keys: [String: String])]) -> RecognizedCommand? {
        guard let index = recognized.options.firstIndex(where: { $0.key == "formula" }), var formula = recognized.options[index].value.string else { return nil }
        var paths: [MetricPath] = []
        for input in recognized.inputs {
            let wanted = Dictionary(input.map { ($0.key, ConfigMigrator.text($0.value)) }, uniquingKeysWith: { first, _ in first })
            guard let provider = providers.first(where: { $0.metric != metric && $0.keys == wanted && ConfigMigrator.isFormulaName($0.metric) }) else {
                return nil
            }
            paths.append(provider.metric)
        }
        for (number, path) in paths.enumerated().reversed() { formula = formula.replacingOccurrences(of: "$\(number)", with: path.rawValue) }
        var resolved = recognized
        resolved.options[index].value = .string(formula)
        resolved.inputs = []
        let names = Set(paths).sorted()
        resolved.notes.append("a formula over \(names.map { "'\($0)'" }.joined(separator: " and ")), "
                              + (names.count == 1 ? "the metric that measures the one-liner's listing" : "the metrics that measure the one-liner's listings"))
        return resolved
    }

    /// A value as `YAMLText.scalar` reads it back from one line: a string unquoted, anything else in flow style.
    static func text(_ value: ConfigValue) -> String {
        value.string ?? YAMLText.flow(value)
    }

    /// Whether a formula can name the metric as it is: letters, digits, `_` and the `.` between category and name.
    static func isFormulaName(_ path: MetricPath) -> Bool {
        guard let first = path.rawValue.first, first.isLetter || first == "_" else { return false }
        return path.rawValue.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
    }

    /// Options in one line of YAML flow style, as the config shows them: `{source: files, paths: ., include: "*.py"}`.
    public static func flow(_ options: [(key: String, value: ConfigValue)]) -> String {
        YAMLText.flow(.map(options))
    }

    /// Replaces the config at `path` with the migrated text atomically: a reader sees the old file or the new one, never a part.
    public func write(_ result: MigrationResult, toConfigAt path: String) throws {
        try AtomicWriter.write(result.text, to: path)
    }
}

/// What `ConfigMigrator.migrate` made of a config: the new text, a unified-diff-like view of it, and what happened to each command.
public struct MigrationResult: Sendable {
    /// One command metric of the config.
    public struct Change: Sendable {
        public var metric: MetricPath
        /// The line of the `command:` key, counting from 1.
        public var line: Int
        public var command: String?
        /// The native keys that replaced the command; nil when it stays a command.
        public var replacement: RecognizedCommand?
        /// The native keys a recognizer found, whether or not they were written (`migrate(only:)` leaves some out).
        public var candidate: RecognizedCommand?
        public var notes: [String]

        public init(metric: MetricPath, line: Int, command: String?, replacement: RecognizedCommand?, candidate: RecognizedCommand? = nil, notes: [String]) {
            self.metric = metric
            self.line = line
            self.command = command
            self.replacement = replacement
            self.candidate = candidate
            self.notes = notes
        }
    }

    public var text: String
    public var diff: String
    public var changes: [Change]
}
