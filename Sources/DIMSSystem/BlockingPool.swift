import Foundation

/// The one pool of threads for blocking work: file-system walks, processes, archive compression. Async code awaits
/// `run`, so no thread of Swift's concurrency pool waits on a system call; synchronous code splits a loop with
/// `concurrentPerform`. At most `limit` threads exist; they are started when work waits and end after a while idle.
///
/// `@unchecked Sendable`: every stored property is read and written under `condition` only.
public final class BlockingPool: @unchecked Sendable {
    /// The pool every module uses: as many threads as Swift's concurrency pool could block on processes
    /// (each source's concurrency limit) plus the walkers, with a floor for small machines.
    public static let shared = BlockingPool(limit: max(32, POSIX.processorCount * 4))

    /// The most threads the pool runs at once.
    public let limit: Int
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var threads = 0
    private var idle = 0

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs `work` on a pool thread and returns its result.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: work()) }
        }
    }

    /// Runs `body(i)` for every `i` in `0..<iterations`, on the calling thread and on up to `iterations - 1` pool
    /// threads, and returns when all are done.
    ///
    /// The caller takes indices too, and a pool thread that starts after every index was taken does nothing, so a
    /// call from a pool thread never waits for a thread the pool has no room for.
    public func concurrentPerform(iterations: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard iterations > 1 else {
            if iterations == 1 { body(0) }
            return
        }
        let loop = SharedLoop(iterations: iterations)
        for _ in 1..<iterations {
            submit { loop.work(body) }
        }
        loop.work(body)
        loop.waitUntilDone()
    }

    private func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        // A thread for each job no idle thread will take, up to the limit.
        let start = jobs.count - head > idle && threads < limit
        if start { threads += 1 } else { condition.signal() }
        condition.unlock()
        if start {
            let thread = Thread { [self] in self.serve() }
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    /// Runs jobs until none has come for a few seconds.
    private func serve() {
        condition.lock()
        while true {
            if head < jobs.count {
                let job = jobs[head]
                head += 1
                if head == jobs.count { jobs.removeAll(keepingCapacity: true); head = 0 }
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            idle += 1
            let woken = condition.wait(until: Date(timeIntervalSinceNow: 5))
            idle -= 1
            if !woken, head == jobs.count {
                threads -= 1
                condition.unlock()
                return
            }
        }
    }
}

/// The indices of one `concurrentPerform`, handed out one at a time.
///
/// `@unchecked Sendable`: its counters are read and written under `condition` only.
private final class SharedLoop: @unchecked Sendable {
    private let condition = NSCondition()
    private let iterations: Int
    private var next = 0
    private var done = 0

    init(iterations: Int) {
        self.iterations = iterations
    }

    func work(_ body: (Int) -> Void) {
        while true {
            condition.lock()
            let index = next
            next += 1
            condition.unlock()
            guard index < iterations else { return }
            body(index)
            condition.lock()
            done += 1
            if done == iterations { condition.broadcast() }
            condition.unlock()
        }
    }

    func waitUntilDone() {
        condition.lock()
        while done < iterations { condition.wait() }
        condition.unlock()
    }
}
