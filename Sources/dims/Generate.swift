import ArgumentParser
import DIMSCore
import DIMSReports
import DIMSStore
import Foundation
import DIMSWorkflow

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "generate",
        abstract: "Write reports into inventory/outputs/: Markdown, JSON, HTML and a Jupyter notebook.")

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
        let report = try Generate.report(project, config, days: days)
        let formats = format.map { [$0] } ?? ReportFormat.allCases
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
        let now = project.clock.now()
        let log = try project.openSyncedLogForReading(config)
        let states = try log.map { l in try project.store { try l.currentStates() } } ?? [:]
        let from = try project.daysBack(days)
        let rows = try config.enabledMetrics.map { spec in
            let series = try log.map { l in try project.store { try l.series(of: spec.path, from: from, to: now) } } ?? []
            return Rows.row(spec, state: states[spec.path], config: config, series: History.lastPerDay(series))
        }
        var report = InventoryReport(generated: now, root: project.root, rows: rows)
        report.approvals = try log.map { l in try project.store { try l.approvals().pending } } ?? []
        return report
    }
}

/// `generate --json`: the report files written, relative to the project root.
struct GenerateAnswer: Encodable {
    let files: [String]
}
