import DIMSSystem
import Foundation
import NIOConcurrencyHelpers
import Testing

/// The one pool for blocking work. These tests also run under Thread Sanitizer in CI (`Tools/test.sh`), where a
/// missing lock around the pool's queue or a loop's counters is reported as a data race.
struct BlockingPoolTests {
    /// Every index runs exactly once, and the call returns only after the last one finished.
    @Test func concurrentPerformRunsEveryIndexOnceAndWaitsForAll() {
        let pool = BlockingPool(limit: 4)
        for iterations in [0, 1, 2, 7, 1_000] {
            let seen = NIOLockedValueBox([Int](repeating: 0, count: iterations))
            pool.concurrentPerform(iterations: iterations) { index in
                seen.withLockedValue { $0[index] += 1 }
            }
            let counts = seen.withLockedValue { $0 }
            #expect(counts == [Int](repeating: 1, count: iterations), "iterations: \(iterations)")
        }
    }

    /// A loop started from a pool thread of a pool with room for one thread finishes: the caller takes indices too,
    /// so it never waits for a thread the pool cannot start.
    @Test func nestedLoopsOnAFullPoolFinish() async {
        let pool = BlockingPool(limit: 1)
        let total = await pool.run {
            let sum = NIOLockedValueBox(0)
            pool.concurrentPerform(iterations: 8) { outer in
                pool.concurrentPerform(iterations: 8) { inner in
                    sum.withLockedValue { $0 += outer * 8 + inner }
                }
            }
            return sum.withLockedValue { $0 }
        }
        #expect(total == (0..<64).reduce(0, +))
    }

    /// Many tasks awaiting `run` at once each get their own result back, and no more than `limit` jobs run at once.
    @Test func runReturnsEachResultAndKeepsToTheLimit() async {
        let limit = 3
        let pool = BlockingPool(limit: limit)
        let running = NIOLockedValueBox((now: 0, most: 0))
        let results = await withTaskGroup(of: (Int, Int).self) { group in
            for i in 0..<200 {
                group.addTask {
                    let value = await pool.run {
                        running.withLockedValue { $0.now += 1; $0.most = max($0.most, $0.now) }
                        defer { running.withLockedValue { $0.now -= 1 } }
                        return (0..<(i % 50)).reduce(i, &+)
                    }
                    return (i, value)
                }
            }
            var all: [Int: Int] = [:]
            for await (i, value) in group { all[i] = value }
            return all
        }
        #expect(results.count == 200)
        for (i, value) in results { #expect(value == (0..<(i % 50)).reduce(i, &+)) }
        let most = running.withLockedValue { $0.most }
        #expect(most >= 1 && most <= limit)
    }

    /// Work keeps being served after the pool's threads went idle and new work comes from several threads at once.
    @Test func workFromManyThreadsAtOnceIsAllServed() {
        let pool = BlockingPool(limit: 2)
        let count = NIOLockedValueBox(0)
        pool.concurrentPerform(iterations: 4) { _ in
            pool.concurrentPerform(iterations: 50) { _ in count.withLockedValue { $0 += 1 } }
        }
        #expect(count.withLockedValue { $0 } == 200)
    }
}

/// The processors the walker and the pool size themselves by.
struct ProcessorCountTests {
    /// The count is the CPUs the kernel lets this process run on, as `/proc/self/status` lists them ("0-3,8").
    @Test func isTheProcessorsThisProcessMayRunOn() throws {
        #if os(Linux)
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let list = try #require(status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") })
        let allowed = list.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)
            .split(separator: ",").reduce(0) { count, range in
                let ends = range.split(separator: "-").compactMap { Int($0) }
                return count + (ends.count == 2 ? ends[1] - ends[0] + 1 : 1)
            }
        #expect(POSIX.processorCount == allowed, "\(list)")
        #else
        #expect(POSIX.processorCount >= 1)
        #endif
    }
}
