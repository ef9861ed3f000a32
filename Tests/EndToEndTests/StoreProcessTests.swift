import DIMSCore
import DIMSTestSupport
import Foundation
import Testing

/// The log under real processes: a SIGKILL mid-append, and several writers at once.
struct StoreProcessTests {
    let bench = ProcessRunner.binary("dims-bench")

    /// A writer killed while appending leaves every batch whole or absent, and the projections sound.
    @Test func killedWriterLeavesWholeBatches() throws {
        let dir = TemporaryDirectory()
        let store = dir.url("store")
        for round in 0..<3 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: bench)
            process.arguments = ["batches", store, "200", "100000", "k\(round)"]
            process.standardOutput = Pipe()
            try process.run()
            usleep(UInt32(150_000 + round * 100_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let log = try DIMSStore.EventLog(directory: store)
        var perBatch: [String: Int] = [:]
        var expected: UInt64 = 1
        try log.scan { event in
            #expect(event.seq == expected)
            expected += 1
            if case .measured(let reading) = event.event { perBatch[reading.source.rawValue, default: 0] += 1 }
            return true
        }
        #expect(!perBatch.isEmpty)
        #expect(perBatch.values.allSatisfy { $0 == 200 }, "every batch whole: \(perBatch.filter { $0.value != 200 })")
        #expect(try log.replayCheck() == nil)
        #expect(try log.verify().isClean)
    }

    /// Four processes appending at once: a gapless, unique sequence and no event lost.
    @Test func concurrentWritersKeepSequenceGapless() throws {
        let dir = TemporaryDirectory()
        let store = dir.url("store")
        let processes = (0..<4).map { i -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: bench)
            process.arguments = ["batches", store, "25", "40", "w\(i)"]
            process.standardOutput = Pipe()
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let log = try DIMSStore.EventLog(directory: store, readOnly: true)
        let events = try log.entries()
        #expect(events.count == 4 * 25 * 40)
        #expect(events.map(\.seq) == Array(1...UInt64(4 * 25 * 40)))
        #expect(Set(events.map(\.id)).count == events.count)
        #expect(try log.verify().isClean)
    }
}

import DIMSStore
