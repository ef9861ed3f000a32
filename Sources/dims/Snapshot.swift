import ArgumentParser
import DIMSCore
import DIMSStore
import DIMSInventory
import Foundation
import DIMSWorkflow

struct Snapshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Write inventory/historical/DATE.yaml from the log: the state as of that day (today by default).",
        discussion: "With --prune, remove daily files older than database.retention.snapshots_daily, keeping the last file of each past year.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The day to write, YYYY-MM-DD; a past day gives the state as of its end.")
    var date: String?

    @Flag(help: "Remove old daily snapshot files instead (any can be regenerated with --date).")
    var prune = false

    func run() throws {
        let project = try Project(global)
        let config = try project.config()
        let today = project.clock.now().day
        if prune { return try pruneFiles(project, config, today: today) }
        let day = try date.map { try project.day($0, option: "--date") } ?? today
        guard day <= today else { throw DIMSError(.badInput, "Invalid --date '\(day)': it is after today (\(today)); a snapshot holds a day that has passed") }
        let log = try project.openSyncedLog(config, mode: .write)
        let writer = MetricsFileWriter(project: project, config: config)
        let (path, count) = try writer.writeSnapshot(day, from: log)
        if day == today {
            let now = project.clock.now()
            try project.store { try log.append([LoggedEvent(recorded: now, observed: now, actor: project.actor, event: .snapshotTaken(day: day))]) }
        }
        try project.pushToTeam(config: config, from: log)
        if global.json {
            Console.answer(SnapshotAnswer(date: day.description, path: project.relative(path), metrics: count))
        } else if count == 0 {
            Console.out("Saved an empty snapshot to \(project.relative(path)): the log holds no values as of \(day)")
        } else {
            Console.out("Saved \(count) metrics as of \(day) to \(project.relative(path))")
        }
    }

    private func pruneFiles(_ project: Project, _ config: InventoryConfig, today: Day) throws {
        let paths = InventoryPaths(root: project.root)
        let days = paths.snapshotDays()
        let keepFrom = today.adding(days: -config.snapshotsDaily)
        let lastOfYear = Dictionary(grouping: days, by: \.year).compactMapValues { $0.max() }
        var removed: [Day] = []
        // Older than the daily window, and not the last file of a past year.
        for day in days where day < keepFrom && !(day.year < today.year && lastOfYear[day.year] == day) {
            let path = paths.snapshot(for: day)
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                throw DIMSError(.output, "Cannot remove '\(project.relative(path))': \(error.localizedDescription)")
            }
            removed.append(day)
        }
        if global.json {
            Console.answer(PruneAnswer(removed: removed.map(\.description), kept: days.count - removed.count))
        } else {
            Console.out("Removed \(removed.count) snapshot files; kept \(days.count - removed.count) (the last \(config.snapshotsDaily) days and one per past year)")
        }
    }
}

/// `snapshot --json`: the day, the file written and how many metrics it holds.
struct SnapshotAnswer: Encodable {
    let date: String
    let path: String
    let metrics: Int
}

/// `snapshot --prune --json`: the days whose files were removed, and how many files remain.
struct PruneAnswer: Encodable {
    let removed: [String]
    let kept: Int
}
