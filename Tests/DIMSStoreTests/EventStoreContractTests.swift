import DIMSCore
import DIMSStore
import DIMSTeam
import DIMSTestSupport
import Testing

/// The behaviour every event store shares: the LMDB log, the in-memory reference and the PostgreSQL team log pass the same tests.
struct EventStoreContractTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case lmdb, memory, postgresql
        var testDescription: String { rawValue }
        /// The kinds this machine can run: PostgreSQL only where its binaries are installed (always under CI).
        static let testable = PostgresServer.isAvailable ? allCases : [.lmdb, .memory]
    }

    /// Says why the PostgreSQL cases are left out, where they are.
    @Test(.enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipReason)))
    func postgresqlCasesRun() {
        #expect(Kind.testable.contains(.postgresql))
    }

    /// A fresh store of `kind`; the LMDB one lives in `dir`.
    func store(_ kind: Kind, in dir: TemporaryDirectory) throws -> any EventStore {
        switch kind {
        case .lmdb: try EventLog(directory: dir.url("store"))
        case .memory: InMemoryEventStore()
        case .postgresql: try TeamStoreFixture.fresh()
        }
    }

    /// Appending assigns a gapless sequence from 1, and reading gives the events back.
    @Test(arguments: Kind.testable)
    func appendAssignsGaplessSequence(kind: Kind) throws {
        let dir = TemporaryDirectory()
        let store = try store(kind, in: dir)
        let events = EventFactory.random(count: 50, seed: 1)
        let first = try store.append(Array(events[0..<20]))
        let second = try store.append(Array(events[20...]))
        #expect(first.map(\.seq) == Array(1...20))
        #expect(second.map(\.seq) == Array(21...50))
        var read: [LoggedEvent] = []
        try store.scan(from: 1) { read.append($0); return true }
        #expect(read.map(\.seq) == Array(1...50))
        #expect(read.map(\.id) == events.map(\.id))
        #expect(try store.lastSeq() == 50)
    }

    /// Appending an event whose id is already stored adds nothing.
    @Test(arguments: Kind.testable)
    func appendIsIdempotentByID(kind: Kind) throws {
        let dir = TemporaryDirectory()
        let store = try store(kind, in: dir)
        let events = EventFactory.random(count: 10, seed: 2)
        try store.append(events)
        #expect(try store.append(events + events).isEmpty)
        #expect(try store.lastSeq() == 10)
    }

    /// The daily view keeps the last value observed each day, whatever the append order.
    @Test(arguments: Kind.testable)
    func dailyKeepsLastValueOfTheDay(kind: Kind) throws {
        let dir = TemporaryDirectory()
        let store = try store(kind, in: dir)
        let day = Day(year: 2025, month: 3, day: 4)
        try store.append([EventFactory.measured("a.b", .integer(3), at: day.start.adding(hours: 20))])
        try store.append([EventFactory.measured("a.b", .integer(1), at: day.start.adding(hours: 8))])
        #expect(try store.daily(day)["a.b"]?.value == .integer(3))
        #expect(try store.series(of: "a.b", from: day.start, to: day.end).map(\.value) == [.integer(1), .integer(3)])
    }

    /// The LMDB log and the team log answer every query exactly as the in-memory reference does, at random moments.
    @Test(arguments: Kind.testable.filter { $0 != .memory }, [7, 19, 43])
    func answersLikeTheReference(kind: Kind, seed: UInt64) throws {
        let dir = TemporaryDirectory()
        let lmdb = try store(kind, in: dir)
        let memory = InMemoryEventStore()
        var g = SeededGenerator(seed: seed)
        let events = EventFactory.random(count: 700, seed: seed)
        var index = 0
        while index < events.count {
            let batch = Array(events[index..<min(index + Int.random(in: 1...30, using: &g), events.count)])
            try lmdb.append(batch)
            try memory.append(batch)
            index += batch.count
        }
        #expect(try lmdb.currentStates() == memory.currentStates())
        #expect(try lmdb.cacheEntries() == memory.cacheEntries())
        let start = EventFactory.start
        let end = start.adding(hours: 24 * 50)
        for _ in 0..<20 {
            let t = start.adding(seconds: Double(Int.random(in: -86_400..<(45 * 86_400), using: &g)))
            #expect(try lmdb.states(asOf: t) == memory.states(asOf: t), "as of \(t)")
            #expect(try lmdb.daily(t.day) == memory.daily(t.day), "daily \(t.day)")
        }
        for metric in try memory.currentStates().keys {
            #expect(try lmdb.series(of: metric, from: start, to: end) == memory.series(of: metric, from: start, to: end))
            #expect(try lmdb.baselines(of: metric, from: start, to: end) == memory.baselines(of: metric, from: start, to: end))
            #expect(try lmdb.events(of: metric, from: start, to: end).map(\.id) == memory.events(of: metric, from: start, to: end).map(\.id))
        }
    }
}
