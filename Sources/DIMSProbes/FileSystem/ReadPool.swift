import Foundation
import Glibc

/// Reads files for `lines` and `grep` on as many worker threads as there are cores, through a bounded queue.
final class ReadPool: @unchecked Sendable {
    /// What one subscription wants from a file it reads.
    enum Target: Sendable { case lines, grep(pattern: String, ignoreCase: Bool, extended: Bool) }
    /// One file to read: its path with a final NUL, where the shown part of the path starts, and the subscriptions that want it.
    struct Job: Sendable {
        var path: [UInt8]
        var shownFrom: Int
        var subscriptions: [Int32]
    }

    private let targets: [Target?]
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var head = 0
    private var closed = false
    private var running = 0
    private var totals: [Int64]
    private var errors: [Int: ProbeError] = [:]
    private let capacity = 512
    private let bufferSize = 1 << 17

    init(targets: [Target?], workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.targets = targets
        totals = Array(repeating: 0, count: targets.count)
        running = max(1, workers)
        for _ in 0..<running {
            let thread = Thread { [self] in work() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Queues a file, waiting while the queue is full.
    func submit(_ job: Job) {
        condition.lock()
        while queue.count - head >= capacity { condition.wait() }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Waits for every queued file and returns each subscription's total and first error.
    func finish() -> (totals: [Int64], errors: [Int: ProbeError]) {
        condition.lock()
        closed = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        defer { condition.unlock() }
        return (totals, errors)
    }

    private func take() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count, !closed { condition.wait() }
        guard head < queue.count else { return nil }
        let job = queue[head]
        head += 1
        if head == queue.count || head > 4096 {
            queue.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return job
    }

    private func work() {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 64)
        defer { buffer.deallocate() }
        var local = Array(repeating: Int64(0), count: targets.count)
        var failures: [Int: ProbeError] = [:]
        var matchers: [Int: LineMatcher] = [:]
        for (index, target) in targets.enumerated() {
            if case .grep(let pattern, let ignoreCase, let extended) = target {
                matchers[index] = try? LineMatcher(pattern: pattern, ignoreCase: ignoreCase, extended: extended)
            }
        }
        while let job = take() {
            if let error = read(job, buffer, &local, matchers) {
                for sub in job.subscriptions where failures[Int(sub)] == nil { failures[Int(sub)] = error }
            }
        }
        condition.lock()
        for index in local.indices { totals[index] += local[index] }
        errors.merge(failures) { first, _ in first }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    private func read(_ job: Job, _ buffer: UnsafeMutableRawPointer, _ local: inout [Int64], _ matchers: [Int: LineMatcher]) -> ProbeError? {
        let shown = { String(decoding: job.path[job.shownFrom..<(job.path.count - 1)], as: UTF8.self) }
        let fd = job.path.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return .system(errno, path: shown()) }
        defer { close(fd) }
        let countsLines = job.subscriptions.contains { if case .lines = targets[Int($0)] { true } else { false } }
        let grepping = job.subscriptions.compactMap { matchers[Int($0)] }
        grepping.forEach { $0.reset() }
        var newlines = 0
        while true {
            let count = Glibc.read(fd, buffer, bufferSize)
            if count < 0 {
                if errno == EINTR { continue }
                return .system(errno, path: shown())
            }
            if count == 0 { break }
            if countsLines { newlines += NewlineCounter.count(buffer, count) }
            for matcher in grepping { matcher.feed(buffer.assumingMemoryBound(to: UInt8.self), count) }
        }
        for sub in job.subscriptions {
            switch targets[Int(sub)] {
            case .lines: local[Int(sub)] += Int64(newlines)
            case .grep:
                guard let matcher = matchers[Int(sub)] else { continue }
                matcher.finish()
                local[Int(sub)] += Int64(matcher.count)
            case nil: break
            }
        }
        return nil
    }
}
