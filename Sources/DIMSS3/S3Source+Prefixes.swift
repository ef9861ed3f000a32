internal import DIMSCore

/// Metrics over several prefixes (`prefixes: [a/, b/]`): one part per prefix, listed like any metric, whose tallies
/// add up as a sum of one listing per prefix does (a key under two of the prefixes counts twice, as it did there).
struct S3PrefixParts {
    /// The part metrics of each metric with `prefixes`.
    var parts: [MetricPath: [MetricPath]] = [:]

    /// `specs` with every metric that has `prefixes` replaced by its parts.
    mutating func expand(_ specs: [MetricSpec]) -> [MetricSpec] {
        specs.flatMap { spec -> [MetricSpec] in
            guard let prefixes = spec["prefixes"]?.strings, !prefixes.isEmpty, spec["prefix"] == nil else { return [spec] }
            return prefixes.enumerated().map { index, prefix in
                var part = spec
                part.path = MetricPath(spec.path.rawValue + "\u{1F}\(index)")
                part.options["prefixes"] = nil
                part.options["prefix"] = .string(prefix)
                parts[spec.path, default: []].append(part.path)
                return part
            }
        }
    }

    /// Folds the parts' tallies into one result per metric with `prefixes`, and drops the parts' own results.
    func combine(_ results: inout [MetricPath: ProbeResult], tallies: [MetricPath: S3Tally], queries: [MetricPath: S3Query], now: Timestamp,
                 context: ProbeContext) {
        for (metric, paths) in parts {
            defer { for path in paths { results[path] = nil } }
            let failures = paths.compactMap { path -> String? in
                if case .failure(let reason)? = results[path] { return reason }
                return nil
            }
            if let failure = failures.first {
                results[metric] = .failure(failure)
                continue
            }
            guard let query = paths.first.flatMap({ queries[$0] }) else { continue }
            var total = S3Tally()
            for path in paths { total.merge(tallies[path] ?? S3Tally()) }
            let location = "s3://\(query.bucket)/{" + paths.compactMap { queries[$0]?.filter.prefix }.joined(separator: ",") + "}"
            switch total.result(for: query.measure, now: now, location: location) {
            case .success(let value):
                results[metric] = .value(value)
                S3Source.record(total, metric, query.measure, in: context)
            case .failure(let error): results[metric] = .failure(error.message)
            }
        }
    }
}
