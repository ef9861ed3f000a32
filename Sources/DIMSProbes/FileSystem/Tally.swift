import Foundation

/// Running totals of every subscription, kept by one thread and merged when the walk ends.
struct Tally {
    var totals: [Int64]
    var newest: [Int64?]
    /// Each subscription's totals by top-level folder, for breakdowns; empty when the run wants none.
    var parts: [[String: Int64]]

    init(count: Int, parts: Bool = false) {
        totals = Array(repeating: 0, count: count)
        newest = Array(repeating: nil, count: count)
        self.parts = parts ? Array(repeating: [:], count: count) : []
    }

    mutating func merge(_ other: Tally) {
        for index in totals.indices {
            totals[index] += other.totals[index]
            if let time = other.newest[index] { newest[index] = max(newest[index] ?? time, time) }
        }
        for index in other.parts.indices where !other.parts[index].isEmpty {
            parts[index].merge(other.parts[index], uniquingKeysWith: +)
        }
    }

    /// The most distinct parts a subscription keeps; what later parts add counts in `FolderPart.otherName`.
    static let maximumParts = 1_000

    /// Adds what subscription `id` counted since `before` to its part `name`, once per folder visited (not per file).
    mutating func addPart(_ id: Int, _ name: @autoclosure () -> String, since before: Int64) {
        addPart(id, name(), adding: totals[id] - before)
    }

    /// Adds `added` to subscription `id`'s part `name` (or to `FolderPart.otherName` past `maximumParts` parts).
    mutating func addPart(_ id: Int, _ name: @autoclosure () -> String, adding added: Int64) {
        guard added != 0 else { return }
        var key = name()
        if parts[id][key] == nil, parts[id].count >= Self.maximumParts { key = FolderPart.otherName }
        parts[id][key, default: 0] += added
    }
}
