import ArgumentParser
import DIMSCore
import DIMSReports
import DIMSStore
import Foundation
import DIMSWorkflow

struct Approve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "List, review, accept or reject baseline moves that await a person's approval.",
        discussion: """
            A run that would move the baseline of a critical metric (approval: in config.yaml), drop a baseline to \
            zero, or move a stable metric by a critical drift asks instead, and exits 5. Deciding an unknown, \
            already decided or stale request exits 2 and changes nothing.
            """,
        subcommands: [List.self, Review.self, Accept.self, Reject.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the requests awaiting approval, oldest first.")
        @OptionGroup var global: GlobalOptions

        @Flag(help: "Also list decided and superseded requests.")
        var all = false

        func run() throws {
            let project = try Project(global)
            guard let log = try project.openLogForReading() else {
                global.json ? Console.answer(ApprovalListAnswer(requests: [])) : Console.out("No approval requests pending")
                return
            }
            let approvals = try project.store { try log.approvals() }
            let states = try project.store { try log.currentStates() }
            let records = all ? approvals.records.values.sortedByPosition() : approvals.pending
            if global.json {
                Console.answer(ApprovalListAnswer(requests: records.map { ApprovalAnswer($0, stale: $0.isPending ? $0.refusal(state: states[$0.metric])?.message : nil) }))
                return
            }
            guard !records.isEmpty else { return Console.out(all ? "No approval requests" : "No approval requests pending") }
            for record in records {
                var line = TerminalFormat.approvalListLine(record)
                if all { line += " [\(record.status.name)]" }
                if record.isPending, let stale = record.refusal(state: states[record.metric]) { line += "\n    \(stale.message)" }
                Console.out(line)
            }
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review", abstract: "Show a request: the values, the run that asked, what else moved in it, and the metric's recent history.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The request's number, as 'approve list' shows it.")
        var id: UInt32

        func run() throws {
            let project = try Project(global)
            guard let log = try project.openLogForReading() else { throw DIMSError(.badInput, ApprovalError.unknownMessage(id, highest: nil)) }
            try ApprovalReview(project: project, log: log, number: id, json: global.json).show()
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accept", abstract: "Approve a request: its value becomes the metric's baseline in the same transaction.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var decision: DecisionOptions

        @Flag(help: "Record the approval without moving the baseline; the next run that measures the approved value moves it.")
        var noAutoApply = false

        func validate() throws { try decision.validate() }

        func run() throws {
            try ApprovalDecider(project: try Project(global), options: decision, json: global.json).decide(granted: true, apply: !noAutoApply)
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reject", abstract: "Reject a request: the baseline stays, and the same value is not asked about again.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var decision: DecisionOptions

        func validate() throws { try decision.validate() }

        func run() throws {
            try ApprovalDecider(project: try Project(global), options: decision, json: global.json).decide(granted: false, apply: false)
        }
    }
}

/// What `approve accept` and `approve reject` take.
struct DecisionOptions: ParsableArguments {
    @Option(help: "The request's number, as 'approve list' shows it.")
    var id: UInt32

    @Option(help: "Who decides; by default the actor (DIMS_ACTOR or user@host).")
    var reviewer: String?

    @Option(help: "Why, for the audit trail.")
    var notes: String = ""

    func validate() throws {
        if id == 0 { throw ValidationError("Please give --id as a request number from 'dims approve list' (1 or more)") }
        if let reviewer, reviewer.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("Please give --reviewer a name, or omit it to decide as yourself")
        }
    }
}

/// `approve list --json`: the requests, oldest first.
struct ApprovalListAnswer: Encodable {
    let requests: [ApprovalAnswer]
}
