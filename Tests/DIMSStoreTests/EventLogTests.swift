import DIMSCore
import DIMSStore
import DIMSTestSupport
import Foundation
import Testing

struct EventLogTests {
    /// Projections built by incremental appends in random batches equal a replay and the in-memory fold.
    @Test(arguments: [3, 11, 29, 101])
    func replayEqualsIncrementalAppends(seed: UInt64) throws {
        let dir = TemporaryDirectory()
        let log = try EventLog(directory: dir.url("store"))
        let events = EventFactory.random(count: 600, seed: seed)
        var g = SeededGenerator(seed: seed)
        var index = 0
        while index < events.count {
            let size = Int.random(in: 1...40, using: &g)
            try log.append(Array(events[index..<min(index + size, events.count)]))
            index += size
        }
        #expect(try log.replayCheck() == nil)
        let incremental = try log.currentStates()
        let reference = Projections(replaying: try log.entries())
        #expect(incremental == reference.current)
        let cacheBefore = try log.cacheEntries()
        #expect(cacheBefore == reference.cache)
        try log.replay()
        #expect(try log.currentStates() == incremental)
        #expect(try log.cacheEntries() == cacheBefore)
        #expect(try log.replayCheck() == nil)
    }

    /// The state as of any time equals a replay of the events observed up to that time.
    @Test(arguments: [5, 17, 23])
    func stateAsOfEqualsReplayUpToThatTime(seed: UInt64) throws {
        let dir = TemporaryDirectory()
        let log = try EventLog(directory: dir.url("store"))
        let events = EventFactory.random(count: 500, seed: seed)
        try log.append(events)
        let stored = try log.entries()
        var g = SeededGenerator(seed: seed &* 31)
        for _ in 0..<25 {
            let t = EventFactory.start.adding(seconds: Double(Int.random(in: -86_400..<(45 * 86_400), using: &g)))
            let reference = Projections(replaying: stored.filter { $0.observed <= t })
            let asOf = try log.states(asOf: t)
            for (metric, state) in reference.current {
                #expect(asOf[metric]?.value == state.lastValue, "value of \(metric) as of \(t)")
                #expect(asOf[metric]?.baseline == state.baseline, "baseline of \(metric) as of \(t)")
            }
            let expectedMetrics = Set(reference.current.filter { $0.value.lastValue != nil || $0.value.baseline != nil }.keys)
            #expect(Set(asOf.keys) == expectedMetrics)
        }
    }

    /// A byte flipped inside a stored record is named by verify, and the other records still read.
    @Test func flippedByteOnDiskIsNamedBySeq() throws {
        let dir = TemporaryDirectory()
        let path = dir.url("store")
        do {
            let log = try EventLog(directory: path)
            try log.append((1...30).map { EventFactory.measured("a.b", .integer(Int64($0)), at: EventFactory.start.adding(hours: Double($0))) })
            try log.append([EventFactory.measured("a.b", .string("MARKER-ZQXJ-0001"), at: EventFactory.start.adding(hours: 40))])
            try log.append((31...40).map { EventFactory.measured("a.b", .integer(Int64($0)), at: EventFactory.start.adding(hours: Double($0 + 50))) })
        }
        var data = try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb"))
        let marker = Data("MARKER-ZQXJ-0001".utf8)
        var flipped = 0
        var searchFrom = data.startIndex
        while let range = data.range(of: marker, in: searchFrom..<data.endIndex) {
            // Only the events database holds the marker inside a record with a CRC; the trend holds it too.
            data[range.lowerBound + 7] ^= 0x01
            flipped += 1
            searchFrom = range.upperBound
        }
        #expect(flipped >= 1)
        try data.write(to: URL(fileURLWithPath: path + "/data.mdb"))

        let log = try EventLog(directory: path, readOnly: true)
        let report = try log.verify()
        #expect(report.problems.contains { $0.contains("Event 31 is damaged") })
        #expect(report.events == 41)
        #expect(try log.event(30)?.event.metric == "a.b")
        #expect(try log.event(32)?.seq == 32)
        #expect(throws: StoreError.self) { try log.event(31) }
    }

    /// An event of an unknown kind is kept, skipped by projections, and verify stays clean.
    @Test func unknownKindIsSkippedByProjections() throws {
        let dir = TemporaryDirectory()
        let log = try EventLog(directory: dir.url("store"))
        try log.append([EventFactory.measured("a.b", .integer(1), at: EventFactory.start),
                        LoggedEvent(recorded: EventFactory.start, observed: EventFactory.start, actor: "x@y", event: .unknown(kind: 77, version: 3))])
        let result = try log.replay()
        #expect(result.events == 2)
        #expect(result.skipped == 1)
        #expect(try log.verify().isClean)
        #expect(try log.currentStates()["a.b"]?.lastValue?.value == .integer(1))
    }

    /// A map too small for the batch grows and the append succeeds.
    @Test func fullMapGrowsAndRetries() throws {
        let dir = TemporaryDirectory()
        let log = try EventLog(directory: dir.url("store"), mapSize: 256 * 1024)
        let events = EventFactory.random(count: 5000, seed: 9)
        try log.append(events)
        #expect(try log.lastSeq() == 5000)
        #expect(try log.replayCheck() == nil)
    }

    /// Appending through a read-only open fails with a clear error and stores nothing.
    @Test func readOnlyOpenRefusesAppends() throws {
        let dir = TemporaryDirectory()
        let path = dir.url("store")
        try EventLog(directory: path).append(EventFactory.random(count: 5, seed: 4))
        let reader = try EventLog(directory: path, readOnly: true)
        let error = #expect(throws: StoreError.self) { try reader.append(EventFactory.random(count: 3, seed: 5)) }
        #expect(error?.message.contains(path) == true)
        #expect(try reader.lastSeq() == 5)
    }

    /// Opening a missing store read-only says there is no log, naming the folder.
    @Test func missingStoreIsNamed() throws {
        let dir = TemporaryDirectory()
        let error = #expect(throws: StoreError.self) { try EventLog(directory: dir.url("nothing"), readOnly: true) }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("nothing") == true)
    }
}
