import ArgumentParser
import DIMSCore
import DIMSReports
import DIMSWorkflow

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "verify",
        abstract: "Measure every metric and compare it with its baseline.",
        discussion: """
            Uses cached values of slow metrics while their TTL holds. Exits 1 when a metric drifted at or above \
            --fail-on, 2 when a measurement or the config failed, 6 when the config asks for what is not trusted \
            (see 'dims trust'), 0 otherwise. With --update, drifted and new \
            metrics get the measured values as baselines in the same transaction, so drift does not fail the run; \
            a move that needs approval (approval: in config.yaml, or a fall to zero) becomes a request instead \
            and the run exits 5 (see 'dims approve'). A move a reviewer rejected still fails at --fail-on.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: Selection

    @Flag(help: "Move the baselines of drifted and new metrics to the measured values.")
    var update = false

    @Flag(help: "Print one line: all OK, or which metrics drifted.")
    var quiet = false

    @Option(help: "The lowest drift level that fails the run: minor, moderate, major or critical.")
    var failOn: FailLevel = Options.defaultFailOn

    @Flag(help: "Measure everything now, ignoring cached values.")
    var noCache = false

    func run() async throws {
        try await Verify.run(Options(global: global.values, selection: selection.values, update: update, quiet: quiet, failOn: failOn,
                                     noCache: noCache))
    }

    /// The command's options as plain values (see `GlobalValues`).
    struct Options {
        var global: GlobalValues
        var selection: SelectionValues
        var update = false
        var quiet = false
        var failOn: FailLevel = Options.defaultFailOn
        var noCache = false

        /// `--fail-on` when it is not given, on either path (argument-parser's and `FastPath`'s).
        static let defaultFailOn = FailLevel.minor
    }

    static func run(_ options: Options) async throws {
        let (global, selection, update, quiet, failOn, noCache) =
            (options.global, options.selection, options.update, options.quiet, options.failOn, options.noCache)
        let project = try Project(global)
        let run = try await WorkflowRun(project: project, selection: selection, files: update ? .write : .read)
        let result = try await run.measureAndRecord(useCache: !noCache, baselines: update ? .driftedAndNew(.verifyUpdate) : .none)
        let report = result.report
        if global.json {
            Console.answer(VerifyAnswer(report, updated: result.updated, held: result.held))
        } else if quiet {
            let awaiting = result.held.awaiting.map { "#\($0.number)" }.joined(separator: ", ")
            Console.out(TerminalFormat.quietLine(report, useColor: Console.useColor) + (awaiting.isEmpty ? "" : "; awaiting approval: \(awaiting)"))
        } else {
            Console.out(TerminalFormat.verify(report, useColor: Console.useColor))
            let cached = result.outcomes.filter(\.fromCache)
            if !cached.isEmpty, let soonest = cached.compactMap(\.cacheExpires).min() {
                Console.out("Cached: \(cached.count) of \(result.outcomes.count) values came from the cache (first expiry \(soonest.iso8601)); --no-cache measures them now")
            }
            for record in result.held.rejected { Console.out(TerminalFormat.approvalLine(record, useColor: Console.useColor)) }
            if !result.updated.isEmpty {
                Console.out("Updated \(result.updated.count) baselines: \(result.updated.map(\.rawValue).joined(separator: ", "))")
            }
            if !result.held.awaiting.isEmpty {
                Console.out("Awaiting approval: \(result.held.awaiting.map { "#\($0.number) \($0.metric)" }.joined(separator: ", ")); see 'dims approve list'")
            }
        }
        let threshold = failOn.level
        if result.outcomes.contains(where: \.isUntrusted) || result.teamRefused { throw Status.untrusted }
        if report.rows.contains(where: { if case .error = $0.verdict { true } else { false } }) { throw Status.badInput }
        if update, !result.held.awaiting.isEmpty { throw Status.approval }
        // Without --update every drift counts; with it, only the moves a reviewer rejected stay drifted.
        let unmoved = update ? report.rows.filter { row in result.held.rejected.contains { $0.metric == row.metric } } : report.rows
        if unmoved.contains(where: { $0.verdict.isDrift && $0.verdict.level >= threshold }) { throw Status.drift }
    }
}

struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "update",
        abstract: "Measure metrics now, ignoring the cache, and make the values their baselines.",
        discussion: "A failed measurement never moves a baseline; exits 2 when one failed, 6 when the config asks for what is not trusted. A move that needs approval becomes a request and exits 5.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: Selection

    func run() async throws {
        try await Update.run(global: global.values, selection: selection.values)
    }

    static func run(global: GlobalValues, selection: SelectionValues) async throws {
        let project = try Project(global)
        let run = try await WorkflowRun(project: project, selection: selection, files: .rebuild)
        let result = try await run.measureAndRecord(useCache: false, baselines: .allChanged(.update))
        if global.json {
            Console.answer(VerifyAnswer(result.report, updated: result.updated, held: result.held))
        } else {
            for row in result.report.rows {
                switch row.verdict {
                case .error(let reason): Console.out("❌ \(row.metric): ERROR (\(reason))")
                case _ where result.held.contains(row.metric):
                    let records = result.held.awaiting + result.held.rejected
                    for record in records where record.metric == row.metric { Console.out(TerminalFormat.approvalLine(record)) }
                default:
                    let moved = result.updated.contains(row.metric)
                    let value = row.value.map(TerminalFormat.value) ?? "?"
                    let was = row.baseline.map { " (was \(TerminalFormat.value($0)))" } ?? " (new)"
                    Console.out(moved ? "🔄 \(row.metric): \(value)\(was)" : "✅ \(row.metric): \(value) (unchanged)")
                }
            }
            Console.out("Updated \(result.updated.count) of \(result.report.rows.count) baselines")
        }
        if result.outcomes.contains(where: \.isUntrusted) || result.teamRefused { throw Status.untrusted }
        if result.report.rows.contains(where: { if case .error = $0.verdict { true } else { false } }) { throw Status.badInput }
        if !result.held.awaiting.isEmpty { throw Status.approval }
    }
}
