internal import DIMSCore

/// One run's listings: the S3 metrics grouped by bucket and endpoint, each group listed once over the fewest prefixes.
struct S3Plan: Sendable {
    /// One bucket as one set of settings sees it, with its metrics.
    struct Group: Sendable {
        var settings: S3Settings
        var bucket: String
        var metrics: [(path: MetricPath, query: S3Query)]
        /// The prefixes to list: no one of them starts with another, and every metric's prefix starts with one.
        var cover: [String]
    }

    /// One listing to make: a prefix of a group, and the metrics that see its objects.
    struct Listing: Sendable {
        var group: Int
        var prefix: String
        var metrics: [(path: MetricPath, query: S3Query)]
    }

    var groups: [Group] = []
    var listings: [Listing] = []

    struct GroupKey: Hashable {
        var settings: S3Settings
        var bucket: String
    }

    init(_ metrics: [(path: MetricPath, query: S3Query, settings: S3Settings)]) {
        var index: [GroupKey: Int] = [:]
        for metric in metrics {
            let key = GroupKey(settings: metric.settings, bucket: metric.query.bucket)
            if let existing = index[key] {
                groups[existing].metrics.append((metric.path, metric.query))
            } else {
                index[key] = groups.count
                groups.append(Group(settings: metric.settings, bucket: metric.query.bucket, metrics: [(metric.path, metric.query)], cover: []))
            }
        }
        for (number, group) in groups.enumerated() {
            let cover = Self.cover(group.metrics.map(\.query.filter.prefix))
            groups[number].cover = cover
            for prefix in cover {
                let metrics = group.metrics.filter { $0.query.filter.prefix.utf8.starts(with: prefix.utf8) }
                listings.append(Listing(group: number, prefix: prefix, metrics: metrics))
            }
        }
    }

    /// The smallest set of prefixes whose listings hold every object under `prefixes`.
    static func cover(_ prefixes: [String]) -> [String] {
        var cover: [String] = []
        for prefix in Set(prefixes).sorted(by: S3Walk.precedesInS3Order) {
            if let last = cover.last, prefix.utf8.starts(with: last.utf8) { continue }
            cover.append(prefix)
        }
        return cover
    }
}
