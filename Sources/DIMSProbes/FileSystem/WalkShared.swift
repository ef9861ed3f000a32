import Foundation

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
