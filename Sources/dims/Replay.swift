import ArgumentParser
import DIMSStore
import Foundation
import DIMSWorkflow

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
            commandName: "replay",
        abstract: "Rebuild every projection from the event log alone.",
        discussion: "With --check, rebuild in memory and compare with the stored projections instead: exit 1 and the first differing key on a mismatch.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Compare a fresh fold of the log with the stored projections without changing them.")
    var check = false

    func run() throws {
        let project = try Project(global)
        let started = Date()
        if check {
            guard let log = try project.openLogForReading() else {
                global.json ? Console.answer(ReplayCheckAnswer(match: true, firstDifference: nil, lastSeq: 0)) : Console.out("The event log is empty: nothing to check")
                return
            }
            let difference = try project.store { try log.replayCheck(archives: project.archivePath) }
            let events = try project.store { try log.lastSeq() }
            if global.json {
                Console.answer(ReplayCheckAnswer(match: difference == nil, firstDifference: difference, lastSeq: events))
            } else if let difference {
                Console.out("Projections differ from a replay of the log, first at: \(difference)")
            } else {
                Console.out("Projections match a replay of \(events) events")
            }
            if difference != nil { throw Status.drift }
            return
        }
        let log = try project.openLog()
        let result = try project.store { try log.replay(archives: project.archivePath) }
        let seconds = Date().timeIntervalSince(started)
        if global.json {
            Console.answer(ReplayAnswer(events: result.events, skipped: result.skipped, seconds: seconds))
        } else {
            Console.out("Replayed \(result.events) events into every projection in \(String(format: "%.2f", seconds)) s")
            if result.skipped > 0 {
                Console.err("warning: \(result.skipped) events of a kind or version this dims cannot read were kept and skipped")
            }
        }
    }
}

/// `replay --check --json`: whether the projections match a replay, where they first differ (or null), and the
/// log's last seq (0 for an empty log).
struct ReplayCheckAnswer: Encodable {
    let match: Bool
    let firstDifference: String?
    let lastSeq: UInt64

    enum CodingKeys: String, CodingKey {
        case match, firstDifference = "first_difference", lastSeq = "last_seq"
    }
}

/// `replay --json`: events folded, events of an unknown kind or version skipped, and the time it took.
struct ReplayAnswer: Encodable {
    let events: Int
    let skipped: Int
    let seconds: Double
}
