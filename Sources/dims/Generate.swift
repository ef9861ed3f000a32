import ArgumentParser
import DIMSCore
import DIMSReports
import DIMSStore
import Foundation
import DIMSWorkflow

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "generate",
        abstract: "Write reports into inventory/outputs/: Markdown, JSON, HTML and a Jupyter notebook.",
        discussion: "--format prom writes inventory/outputs/dims.prom instead: the Prometheus text that 'dims serve' answers at /metrics, for node_exporter's textfile collector.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this format: markdown, json, html, jupyter, or prom (Prometheus text, written only when asked for).")
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
            let counts = try project.openSyncedLogForReading(config).map { log in try project.store { try log.stats().byKind } } ?? [:]
            files.append((PrometheusText.fileName, PrometheusText.render(report, eventsByKind: counts)))
        }
        do {
            try FileManager.default.createDirectory(atPath: project.outputsPath, withIntermediateDirectories: true)
        } catch {
            throw DIMSError(.output, "Cannot create '\(project.relative(project.outputsPath))': \(error.localizedDescription)")
        }
        var written: [String] = []
        for file in files {
            let path = project.outputsPath + "/" + file.name
            do {
                try AtomicFile.write(file.text, to: path)
            } catch {
                throw DIMSError(.output, error.message)
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
        return try project.store { try ReadAnswers.report(root: project.root, config: config, log: log, now: project.clock.now(), days: days) }
    }
}
