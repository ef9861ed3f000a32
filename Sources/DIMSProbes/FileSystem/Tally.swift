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

/// What the threads of a walk share: hard links already counted, and each subscription's first error.
final class WalkShared: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [Int: Set<Subscription.Inode>] = [:]
    private(set) var errors: [Int: ProbeError] = [:]
    private let delivered = NSCondition()
    private var finished: [Tally] = []

    /// Hands over a finished thread's totals.
    func deliver(_ tally: Tally) {
        delivered.lock()
        finished.append(tally)
        delivered.signal()
        delivered.unlock()
    }

    /// Waits for `count` threads to hand over their totals.
    func tallies(count: Int) -> [Tally] {
        delivered.lock()
        defer { delivered.unlock() }
        while finished.count < count { delivered.wait() }
        return finished
    }

    func fail(_ id: Int, _ error: ProbeError) {
        lock.lock()
        if errors[id] == nil { errors[id] = error }
        lock.unlock()
    }

    /// Whether this is the first time the subscription meets this inode.
    func firstSighting(_ id: Int, _ inode: Subscription.Inode) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return seen[id, default: []].insert(inode).inserted
    }
}

/// The folders still to visit, shared by the walk's threads; the walk ends when none is left and no thread is busy.
final class WalkQueue: @unchecked Sendable {
    /// One folder to visit: its system path, where the shown part starts, and who wants it.
    struct Task {
        var path: [UInt8]
        var shownFrom: Int
        var active: [Subscription]
        var pending: [Subscription]
        var follows: Bool
        var ancestors: [Subscription.Inode]
        /// The `.gitignore` rules of this folder's ancestors, outermost first.
        var ignores: [IgnoreRules] = []
    }

    private let condition = NSCondition()
    private var stack: [Task] = []
    private var busy = 0

    func push(_ tasks: [Task]) {
        guard !tasks.isEmpty else { return }
        condition.lock()
        stack.append(contentsOf: tasks.reversed())
        condition.broadcast()
        condition.unlock()
    }

    /// The next folder, waiting while other threads may still add some; nil when the walk is over.
    func pop() -> Task? {
        condition.lock()
        defer { condition.unlock() }
        while stack.isEmpty, busy > 0 { condition.wait() }
        guard let task = stack.popLast() else { return nil }
        busy += 1
        return task
    }

    /// Marks a popped folder as done.
    func done() {
        condition.lock()
        busy -= 1
        if busy == 0, stack.isEmpty { condition.broadcast() }
        condition.unlock()
    }
}
