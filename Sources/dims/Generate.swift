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

    @Option(help: "Only this format: markdown, json, html or jupyter.")
    var format: String?

    @Option(help: "Days of history to chart.")
    var days: Int = 90

    func validate() throws {
        if let format, ReportFormat(rawValue: format) == nil {
            throw ValidationError("Please give --format as markdown, json, html or jupyter, not '\(format)'")
        }
    }

    func run() throws {
        let project = try Project(global)
        let config = try project.config()
        let report = try Generate.report(project, config)
        let formats = format.flatMap(ReportFormat.init(rawValue:)).map { [$0] } ?? ReportFormat.allCases
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

    /// The report of every enabled metric from the log's current state, with its daily series.
    static func report(_ project: Project, _ config: InventoryConfig, days: Int = 90) throws -> InventoryReport {
        let now = project.clock.now()
        let log = try project.openSyncedLogForReading(config)
        let states = try log.map { l in try project.store { try l.currentStates() } } ?? [:]
        let from = now.adding(hours: -24 * Double(days))
        let rows = try config.enabledMetrics.map { spec in
            let series = try log.map { l in try project.store { try l.series(of: spec.path, from: from, to: now) } } ?? []
            return Rows.row(spec, state: states[spec.path], config: config, series: History.lastPerDay(series))
        }
        var report = InventoryReport(generated: now, root: project.root, rows: rows)
        report.approvals = try log.map { l in try project.store { try l.approvals().pending } } ?? []
        report.recommendations = Insights.recommendations(config, rows: rows, today: now.day)
        return report
    }
}
