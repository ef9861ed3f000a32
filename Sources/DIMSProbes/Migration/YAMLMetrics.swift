import DIMSCore

/// Finds the `command:` lines of metrics (`metrics: <category>: <name>: command:`) in a YAML config's text.
enum YAMLMetrics {
    /// One command metric: the line of its `command:` key and the metric's other keys with their lines.
    struct Found {
        var line: Int
        var metric: MetricPath
        /// Every key of the metric's block map (`command` included), with the line it is on.
        var keys: [String: Int]
    }

    static func commandLines(_ lines: [String]) -> [Found] {
        walk(lines).commands
    }

    /// Every metric of the config with its keys and their lines, in file order.
    static func metrics(_ lines: [String]) -> [(metric: MetricPath, keys: [String: Int])] {
        let walked = walk(lines)
        return walked.order.map { ($0, walked.keys[$0] ?? [:]) }
    }

    private static func walk(_ lines: [String]) -> (commands: [Found], order: [MetricPath], keys: [MetricPath: [String: Int]]) {
        var stack: [(indent: Int, key: String)] = []
        var keys: [MetricPath: [String: Int]] = [:]
        var order: [MetricPath] = []
        var commands: [(line: Int, metric: MetricPath)] = []
        var sources: Set<MetricPath> = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingSpaces
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !trimmed.hasPrefix("- "), trimmed != "-" else { continue }
            let indent = line.prefix { $0 == " " }.count
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            var key = String(trimmed[..<colon])
            if key.count >= 2, let q = key.first, q == "\"" || q == "'", key.last == q { key = String(key.dropFirst().dropLast()) }
            while let last = stack.last, last.indent >= indent { stack.removeLast() }
            if stack.count == 3, stack[0].key == "metrics", stack[0].indent == 0 {
                let metric = MetricPath(category: stack[1].key, name: stack[2].key)
                if key == "command" { commands.append((index, metric)) }
                if key == "source" { sources.insert(metric) }
                if keys[metric] == nil { order.append(metric) }
                keys[metric, default: [:]][key] = keys[metric]?[key] ?? index
            }
            stack.append((indent, key))
        }
        let found = commands.filter { !sources.contains($0.metric) }.map { Found(line: $0.line, metric: $0.metric, keys: keys[$0.metric] ?? [:]) }
        return (found, order, keys)
    }
}
