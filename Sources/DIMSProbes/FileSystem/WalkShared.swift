import DIMSTrust
import Foundation

/// What the threads of a walk share: hard links already counted, and each subscription's first error.
final class WalkShared: @unchecked Sendable {
    /// The boundary a walk must not follow a link across, when the project is not trusted to read outside it.
    let confinement: Confinement?
    /// The uptime in nanoseconds after which the walk stops, and the seconds that gave it.
    let deadline: UInt64
    let seconds: Double

    init(confinement: Confinement? = nil, seconds: Double = FileSystemSource.defaultTimeout) {
        self.confinement = confinement
        self.seconds = seconds
        deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, min(seconds, 86_400)) * 1_000_000_000)
    }

    /// Whether the walk has run past its deadline.
    var expired: Bool { DispatchTime.now().uptimeNanoseconds >= deadline }

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
