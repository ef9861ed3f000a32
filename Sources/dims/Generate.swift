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

    @Option(help: "Only this format.")
    var format: ReportFormat?

    @Option(help: "Days of history to chart.")
    var days: Int = 90

    func validate() throws {
        if days <= 0 { throw ValidationError("Please give --days as a positive number of days, not \(days)") }
    }

    func run() throws {
        let project = try Project(global)
        let config = try project.config()
        var report = try Generate.report(project, config, days: days)
        let formats = format.map { [$0] } ?? ReportFormat.reports
        if format == .prom {
            report.eventsByKind = try project.openSyncedLogForReading(config).map { log in try project.store { try log.stats().byKind } } ?? [:]
        }
        do {
            try FileManager.default.createDirectory(atPath: project.outputsPath, withIntermediateDirectories: true)
        } catch {
            throw DIMSError(.output, "Cannot create '\(project.relative(project.outputsPath))': \(error.localizedDescription)")
        }
        var written: [String] = []
        for format in formats {
            let path = project.outputsPath + "/" + format.fileName
            do {
                try AtomicFile.write(ReportFormat.render(report, as: format), to: path)
            } catch {
                throw DIMSError(.output, error.message, file: project.relative(path))
            }
            written.append(project.relative(path))
        }
        if global.json {
            Console.answer(GenerateAnswer(files: written))
        } else {
            Console.out("Created:")
            for file in written { Console.out("- \(file)") }
        }
    }

    /// The report of every enabled metric from the log's current state, with its daily series.
    static func report(_ project: Project, _ config: InventoryConfig, days: Int = 90) throws -> InventoryReport {
        let log = try project.openSyncedLogForReading(config)
        let from = try project.daysBack(days)
        return try project.store { try ReadAnswers.report(root: project.root, config: config, log: log, now: project.clock.now(), from: from) }
    }
}

/// `generate --json`: the report files written, relative to the project root.
struct GenerateAnswer: Encodable {
    let files: [String]
}
