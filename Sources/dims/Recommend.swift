import ArgumentParser
import DIMSCore
import DIMSWorkflow
import DIMSInsight

struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Suggest what to do, from growth against limits, docs against code, small objects, stale data and drops, with the numbers behind each.",
        discussion: "Each rule speaks only when it has the data it needs (90 days of daily values at most). The same list is in the reports of 'dims generate'.")

    @OptionGroup var global: GlobalOptions

    /// The answer of `recommend --json`.
    struct Answer: Encodable {
        struct Item: Encodable {
            var rule: String
            var metrics: [String]
            var message: String
            var evidence: [String: Double]
        }
        var today: String
        var recommendations: [Item]
    }

    func run() throws {
        let project = try Project(global)
        try project.pullFromTeam()
        let config = try project.config()
        let report = try Generate.report(project, config)
        let items = report.recommendations
        if global.json {
            Console.answer(Answer(today: report.generated.day.description, recommendations: items.map {
                Answer.Item(rule: $0.rule.rawValue, metrics: $0.metrics.map(\.rawValue), message: $0.message, evidence: $0.evidence)
            }))
            return
        }
        guard !items.isEmpty else {
            Console.out("No recommendations: nothing in \(report.rows.count) metrics calls for one (rules without enough data say nothing)")
            return
        }
        for item in items { Console.out("• \(item.rule.rawValue): \(item.message)") }
    }
}
