import Foundation

/// The folders still to visit, shared by the walk's threads; the walk ends when none is left and no thread is busy.
///
/// `@unchecked Sendable`: `stack` and `busy` are read and written under `condition` only (the lock has no
/// condition variable to wait on).
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
