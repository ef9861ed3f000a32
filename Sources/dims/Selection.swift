import ArgumentParser
import DIMSCore
import DIMSWorkflow

/// `--category` and `--metric`: which metrics a command works on.
struct Selection: ParsableArguments {
    @Option(help: "Only metrics of this category (e.g. s3_storage).")
    var category: String?

    @Option(help: "Only this metric: its name within --category, or its full path (e.g. code_base.python_files).")
    var metric: String?

    var values: SelectionValues { SelectionValues(category: category, metric: metric) }
}

/// `--category` and `--metric` as plain values (see `GlobalValues`).
struct SelectionValues {
    var category: String?
    var metric: String?

    /// The enabled metrics selected; an unknown category or metric exits 2 with a suggestion.
    func specs(of config: InventoryConfig) throws -> [MetricSpec] {
        var specs = config.enabledMetrics
        if let category {
            specs = specs.filter { $0.path.category == category }
            if specs.isEmpty {
                let categories = Array(Set(config.metrics.map(\.path.category))).sorted()
                throw DIMSError(.badInput, "Unknown category '\(category)'\(Suggestion.hint(category, among: categories))")
            }
        }
        if let metric {
            let matches = specs.filter { $0.path.rawValue == metric || $0.path.name == metric }
            if matches.isEmpty {
                let names = specs.map(\.path.rawValue) + specs.map(\.path.name)
                throw DIMSError(.badInput, "Unknown metric '\(metric)'\(Suggestion.hint(metric, among: names))")
            }
            specs = matches
        }
        return specs
    }
}

extension WorkflowRun {
    /// A run over the metrics `selection` picks.
    init(project: Project, selection: SelectionValues, files: Importer.Mode) async throws {
        try await self.init(project: project, select: selection.specs(of:), files: files)
    }
}
