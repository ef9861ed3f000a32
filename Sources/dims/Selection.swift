import ArgumentParser
import DIMSCore

/// `--category` and `--metric`: which metrics a command works on.
struct Selection: ParsableArguments {
    @Option(help: "Only metrics of this category (e.g. s3_storage).")
    var category: String?

    @Option(help: "Only this metric: its name within --category, or its full path (e.g. code_base.python_files).")
    var metric: String?

    /// The enabled metrics selected; an unknown category or metric exits 2 with a suggestion.
    func specs(of config: InventoryConfig) throws -> [MetricSpec] {
        var specs = config.enabledMetrics
        if let category {
            specs = specs.filter { $0.path.category == category }
            if specs.isEmpty {
                let categories = Array(Set(config.metrics.map(\.path.category))).sorted()
                throw Console.fail("Unknown category '\(category)'\(Suggestion.hint(category, among: categories))", Status.badInput)
            }
        }
        if let metric {
            let matches = specs.filter { $0.path.rawValue == metric || $0.path.name == metric }
            if matches.isEmpty {
                let names = specs.map(\.path.rawValue) + specs.map(\.path.name)
                throw Console.fail("Unknown metric '\(metric)'\(Suggestion.hint(metric, among: names))", Status.badInput)
            }
            specs = matches
        }
        return specs
    }
}

/// "Did you mean" hints by edit distance.
enum Suggestion {
    static func hint(_ word: String, among candidates: [String]) -> String {
        guard let best = closest(word, among: candidates) else { return "" }
        return ". Did you mean '\(best)'?"
    }

    static func closest(_ word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}
