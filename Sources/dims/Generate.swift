import ArgumentParser
import DIMSCore
import DIMSReports
import DIMSStore
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "generate",
        abstract: "Write reports into inventory/outputs/: Markdown, JSON, HTML and a Jupyter notebook.",
        discussion: "--format prom writes inventory/outputs/dims.prom instead: the Prometheus text that 'dims serve' answers at /metrics, for node_exporter's textfile collector.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this format: markdown, json, html, jupyter, or prom (Prometheus text, only when asked for).")
    var format: String?

    @Option(help: "Days of history to chart.")
    var days: Int = 90

    func validate() throws {
        if let format, ReportFormat(rawValue: format) == nil, format != Generate.prometheus {
            throw ValidationError("Please give --format as markdown, json, html, jupyter or prom, not '\(format)'")
        }
    }

    func run() throws {
        let project = try Project(global)
        let config = try project.config()
        let report = try Generate.report(project, config)
        let formats = format.flatMap(ReportFormat.init(rawValue:)).map { [$0] } ?? (format == Generate.prometheus ? [] : ReportFormat.allCases)
        var files: [(name: String, text: String)] = formats.map { ($0.fileName, ReportFormat.render(report, as: $0)) }
        if format == Generate.prometheus {
            let log = try project.openSyncedLogForReading(config)
            let counts = try log.map { l in try project.store { try l.stats().byKind } } ?? [:]
            files.append(("dims.prom", PrometheusText.render(report, eventsByKind: counts)))
        }
        do {
            try FileManager.default.createDirectory(atPath: project.outputsPath, withIntermediateDirectories: true)
        } catch {
            throw Console.fail("Cannot create '\(project.relative(project.outputsPath))': \(error.localizedDescription)", Status.output)
        }
        var written: [String] = []
        for file in files {
            let path = project.outputsPath + "/" + file.name
            do {
                try AtomicFile.write(file.text, to: path)
            } catch {
                throw Console.fail(error.message, Status.output)
            }
            written.append(project.relative(path))
        }
        if global.json {
            Console.json(["files": written])
        } else {
            Console.out("Created:")
            for file in written { Console.out("- \(file)") }
        }
    }

    /// `--format prom`: Prometheus text, written only when asked for.
    static let prometheus = "prom"

    /// The report of every enabled metric from the log's current state, with its daily series.
    static func report(_ project: Project, _ config: InventoryConfig, days: Int = 90) throws -> InventoryReport {
        let log = try project.openSyncedLogForReading(config)
        return try project.store { try report(project, config, log: log, days: days) }
    }

    /// The report from `log` as of now, or as of `moment` (values and baselines as they stood then; the pending
    /// approvals only as of now), each metric with its daily series of the `days` before.
    static func report(_ project: Project, _ config: InventoryConfig, log: EventLog?, asOf moment: Timestamp? = nil, days: Int = 90) throws -> InventoryReport {
        let now = moment ?? project.clock.now()
        var states: [MetricPath: MetricState] = [:]
        if let log, let moment {
            for (metric, state) in try log.states(asOf: moment) {
                let last = state.value.map { Attempt(outcome: .value($0.value), observed: $0.observed, seq: $0.seq, fromCache: false) }
                states[metric] = MetricState(baseline: state.baseline, last: last, lastValue: state.value)
            }
        } else if let log {
            states = try log.currentStates()
        }
        let from = now.adding(hours: -24 * Double(days))
        let rows = try config.enabledMetrics.map { spec in
            let series = try log?.series(of: spec.path, from: from, to: now) ?? []
            return Rows.row(spec, state: states[spec.path], config: config, series: History.lastPerDay(series))
        }
        var report = InventoryReport(generated: now, root: project.root, rows: rows)
        if moment == nil { report.approvals = try log?.approvals().pending ?? [] }
        return report
    }
}
