import Foundation

/// Running totals of every subscription, kept by one thread and merged when the walk ends.
struct Tally {
    var totals: [Int64]
    var newest: [Int64?]
    /// Whether the run wants breakdowns: each subscription's totals by top-level folder.
    let keepsParts: Bool
    /// The names of the parts counted so far, by slot, and the slot of each name: a folder's part is named and looked
    /// up once per folder, and each subscription adds to it by slot (no `String` hashed per subscription and folder).
    private var partNames: [String] = []
    private var slots: [String: Int] = [:]
    /// Each subscription's total by part slot (nil: nothing counted there), and how many parts it has.
    private var partTotals: [[Int64?]]
    private var partCounts: [Int]

    init(count: Int, parts: Bool = false) {
        totals = Array(repeating: 0, count: count)
        newest = Array(repeating: nil, count: count)
        keepsParts = parts
        partTotals = parts ? Array(repeating: [], count: count) : []
        partCounts = parts ? Array(repeating: 0, count: count) : []
    }

    /// Each subscription's totals by part name; empty when the run wants no breakdowns.
    var parts: [[String: Int64]] {
        partTotals.map { totals in
            var named: [String: Int64] = [:]
            for (slot, total) in totals.enumerated() { if let total { named[partNames[slot]] = total } }
            return named
        }
    }

    mutating func merge(_ other: Tally) {
        for index in totals.indices {
            totals[index] += other.totals[index]
            if let time = other.newest[index] { newest[index] = max(newest[index] ?? time, time) }
        }
        guard keepsParts else { return }
        let mapped = other.partNames.map { slot(of: $0) }
        for (index, totals) in other.partTotals.enumerated() {
            for (slot, total) in totals.enumerated() { if let total { addPart(index, slot: mapped[slot], adding: total, capped: false) } }
        }
    }

    /// The most distinct parts a subscription keeps; what later parts add counts in `FolderPart.otherName`.
    static let maximumParts = 1_000

    /// The slot of the part named `name`, made on first use.
    mutating func slot(of name: String) -> Int {
        if let slot = slots[name] { return slot }
        partNames.append(name)
        slots[name] = partNames.count - 1
        return partNames.count - 1
    }

    /// Adds what subscription `id` counted since `before` to its part `name`, once per folder visited (not per file).
    mutating func addPart(_ id: Int, _ name: @autoclosure () -> String, since before: Int64) {
        addPart(id, name(), adding: totals[id] - before)
    }

    /// Adds `added` to subscription `id`'s part `name` (or to `FolderPart.otherName` past `maximumParts` parts).
    mutating func addPart(_ id: Int, _ name: @autoclosure () -> String, adding added: Int64) {
        guard added != 0 else { return }
        addPart(id, slot: slot(of: name()), adding: added)
    }

    /// Adds what subscription `id` counted since `before` to the part in `slot`.
    mutating func addPart(_ id: Int, slot: Int, since before: Int64) {
        addPart(id, slot: slot, adding: totals[id] - before)
    }

    /// Adds `added` to subscription `id`'s part in `slot`; past `maximumParts` parts of the subscription (unless
    /// merging walkers' tallies, which were capped each), a new part's share goes to `FolderPart.otherName`.
    mutating func addPart(_ id: Int, slot: Int, adding added: Int64, capped: Bool = true) {
        guard added != 0 else { return }
        var slot = slot
        if slot >= partTotals[id].count || partTotals[id][slot] == nil {
            if capped, partCounts[id] >= Self.maximumParts { slot = self.slot(of: FolderPart.otherName) }
            if slot >= partTotals[id].count { partTotals[id] += repeatElement(nil, count: partNames.count - partTotals[id].count) }
            if partTotals[id][slot] == nil {
                partTotals[id][slot] = 0
                partCounts[id] += 1
            }
        }
        partTotals[id][slot]! += added
    }
}
