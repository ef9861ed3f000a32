import DIMSCore

/// Measures metrics one task each, at most `limit` at a time.
enum Concurrently {
    static func map(_ specs: [MetricSpec], limit: Int, _ measure: @escaping @Sendable (MetricSpec) async -> ProbeResult) async -> [MetricPath: ProbeResult] {
        await withTaskGroup(of: (MetricPath, ProbeResult).self) { group in
            var results: [MetricPath: ProbeResult] = [:]
            var next = specs.makeIterator()
            for _ in 0..<max(1, limit) {
                guard let spec = next.next() else { break }
                group.addTask { (spec.path, await measure(spec)) }
            }
            for await (path, result) in group {
                results[path] = result
                if let spec = next.next() { group.addTask { (spec.path, await measure(spec)) } }
            }
            return results
        }
    }
}
