public import DIMSCore

/// `inventory/metrics.yaml` or a `historical/YYYY-MM-DD.yaml` snapshot, read and written as the original system did.
///
/// A rewrite copies every entry that did not change byte for byte, and writes changed and new ones as PyYAML would.
public struct MetricsDocument: Sendable {
    /// `metadata:` in file order (`version`, `last_updated`, `verified_by`, ...).
    public var metadata: [(key: String, value: ConfigValue)]
    /// Every category in file order; new ones go last.
    public var categories: [MetricCategory]
    /// Where `metadata` sat among the top-level keys of the file read; nil when it had none.
    var metadataPosition: Int?
    var layout: SourceLayout?

    public init(metadata: [(key: String, value: ConfigValue)] = [], categories: [MetricCategory] = []) {
        self.metadata = metadata
        self.categories = categories
    }

    /// Every metric's path in file order.
    public var paths: [MetricPath] {
        categories.flatMap { category in category.metrics.map { MetricPath(category: category.name, name: $0.name) } }
    }

    /// A metric's entry; setting one adds its category and metric when new, setting nil removes the metric.
    public subscript(path: MetricPath) -> MetricEntry? {
        get { categories.first { $0.name == path.category }?[path.name] }
        set {
            if let index = categories.firstIndex(where: { $0.name == path.category }) {
                categories[index][path.name] = newValue
            } else if let newValue {
                categories.append(MetricCategory(name: path.category, metrics: [(name: path.name, entry: newValue)]))
            }
        }
    }

    /// Records a measured value: sets `value`, `last_verified` and, when given, `verification_method`.
    public mutating func record(_ path: MetricPath, value: Value, verifiedAt time: Timestamp, method: String? = nil) {
        var entry = self[path] ?? MetricEntry()
        entry.value = value
        entry.lastVerified = time
        if let method { entry.verificationMethod = method }
        self[path] = entry
    }

    /// A metadata key's value; setting nil removes the key, setting a new key appends it.
    public subscript(metadata key: String) -> ConfigValue? {
        get { ConfigValue.value(key, in: metadata) }
        set { ConfigValue.set(key, to: newValue, in: &metadata) }
    }

    /// Sets a metadata time (`last_updated`, `last_verified`) as the original wrote it.
    public mutating func setMetadata(_ key: String, time: Timestamp) {
        self[metadata: key] = .string(PythonFormat.isoformat(time))
    }

    /// `metadata.snapshot_date` of a historical snapshot.
    public var snapshotDate: Day? {
        get { self[metadata: "snapshot_date"]?.string.flatMap(Day.init) }
        set { self[metadata: "snapshot_date"] = newValue.map { .string($0.description) } }
    }

    /// This document as the historical snapshot of `day`: the same text with `metadata.snapshot_date` set.
    public func snapshot(on day: Day) -> MetricsDocument {
        var snapshot = self
        snapshot.snapshotDate = day
        return snapshot
    }

    /// The top-level keys in order, `metadata` included.
    var root: [(key: String, value: ConfigValue)] {
        var root = categories.map { (key: $0.name, value: ConfigValue.map($0.metrics.map { (key: $0.name, value: .map($0.entry.fields)) })) }
        if metadataPosition != nil || !metadata.isEmpty {
            root.insert((key: "metadata", value: .map(metadata)), at: min(metadataPosition ?? 0, root.count))
        }
        return root
    }

    /// The document as YAML text.
    public var text: String {
        layout?.render(root) ?? SourceLayout.render(root)
    }
}

/// One category of `metrics.yaml` and its metrics in file order.
public struct MetricCategory: Sendable, Equatable {
    public var name: String
    public var metrics: [(name: String, entry: MetricEntry)]

    public init(name: String, metrics: [(name: String, entry: MetricEntry)] = []) {
        self.name = name
        self.metrics = metrics
    }

    /// A metric's entry; setting a new one appends it, setting nil removes it.
    public subscript(name: String) -> MetricEntry? {
        get { metrics.first { $0.name == name }?.entry }
        set {
            let index = metrics.firstIndex { $0.name == name }
            switch (index, newValue) {
            case (let index?, let entry?): metrics[index].entry = entry
            case (let index?, nil): metrics.remove(at: index)
            case (nil, let entry?): metrics.append((name: name, entry: entry))
            case (nil, nil): break
            }
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.metrics.count == rhs.metrics.count
            && zip(lhs.metrics, rhs.metrics).allSatisfy { $0.name == $1.name && $0.entry == $1.entry }
    }
}
