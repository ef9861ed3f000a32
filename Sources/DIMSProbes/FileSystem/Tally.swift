import Foundation

/// Running totals of every subscription, kept by one thread and merged when the walk ends.
struct Tally {
    var totals: [Int64]
    var newest: [Int64?]

    init(count: Int) {
        totals = Array(repeating: 0, count: count)
        newest = Array(repeating: nil, count: count)
    }

    mutating func merge(_ other: Tally) {
        for index in totals.indices {
            totals[index] += other.totals[index]
            if let time = other.newest[index] { newest[index] = max(newest[index] ?? time, time) }
        }
    }
}
