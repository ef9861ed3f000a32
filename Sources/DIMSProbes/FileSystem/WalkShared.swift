import DIMSTrust
import Foundation
import NIOConcurrencyHelpers

/// What the threads of a walk share: hard links already counted, and each subscription's first error.
final class WalkShared: Sendable {
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

    private struct State {
        var seen: [Int: Set<Subscription.Inode>] = [:]
        var errors: [Int: ProbeError] = [:]
        var finished: [Tally] = []
    }

    private let state = NIOLockedValueBox(State())

    /// Each subscription's first error.
    var errors: [Int: ProbeError] { state.withLockedValue { $0.errors } }

    /// Hands over a finished walker's totals.
    func deliver(_ tally: Tally) {
        state.withLockedValue { $0.finished.append(tally) }
    }

    /// The totals the walkers handed over.
    func tallies() -> [Tally] {
        state.withLockedValue { $0.finished }
    }

    func fail(_ id: Int, _ error: ProbeError) {
        state.withLockedValue { state in
            if state.errors[id] == nil { state.errors[id] = error }
        }
    }

    /// Whether this is the first time the subscription meets this inode.
    func firstSighting(_ id: Int, _ inode: Subscription.Inode) -> Bool {
        state.withLockedValue { $0.seen[id, default: []].insert(inode).inserted }
    }
}
