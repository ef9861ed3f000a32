import DIMSCore
import DIMSStore
import DIMSTestSupport
import Foundation
import Testing

struct ArchiveTests {
    let dir = TemporaryDirectory("dims-archive")
    var archives: String { dir.url("archive") }
    let cutoff = Day(year: 2025, month: 1, day: 1).start

    func log(_ events: [LoggedEvent]) throws -> EventLog {
        let log = try EventLog(directory: dir.url("store"))
        try log.append(events)
        return log
    }

    /// Answers read from the projections, which archiving leaves as they are.
    struct Answers: Equatable {
        var current: [MetricPath: MetricState]
        var cache: [String: CacheRecord]
        var firstObserved: Timestamp?
        var lastSeq: UInt64
        var series: [Point]
        var asOf: [[MetricPath: StateAsOf]]
    }

    func answers(_ log: EventLog) throws -> Answers {
        let times = [Day(year: 2023, month: 5, day: 3), Day(year: 2024, month: 2, day: 29), Day(year: 2025, month: 11, day: 1)].map(\.end)
        return Answers(current: try log.currentStates(), cache: try log.cacheEntries(), firstObserved: try log.firstObserved(),
                       lastSeq: try log.lastSeq(),
                       series: try log.series(of: "cat.m1", from: ArchiveFixtures.first.start, to: Day(year: 2026, month: 1, day: 1).start),
                       asOf: try times.map { try log.states(asOf: $0) })
    }

    /// Archiving moves each year before the cut-off into its own file and leaves every answer as it was.
    @Test func archivingMovesWholeYearsAndKeepsEveryAnswer() throws {
        let events = ArchiveFixtures.years()
        let log = try log(events)
        let before = try answers(log)
        let summary = try log.archive(before: cutoff, into: archives)
        #expect(summary.files.map(\.year) == [2023, 2024])
        #expect(summary.files.map(\.events) == [365 * 3, 366 * 3])
        #expect(summary.firstSeq == 1 && summary.lastSeq == UInt64(731 * 3))
        #expect(summary.freedBytes > 0)
        #expect(try log.entries().first?.seq == UInt64(731 * 3 + 1))
        #expect(try answers(log) == before)
        #expect(try log.verify().isClean)
        #expect(try log.verifyArchives(in: archives).isClean)
        #expect(try log.replayCheck(archives: archives) == nil)
        try log.replay(archives: archives)
        #expect(try answers(log) == before)
        let reference = Projections(replaying: events.enumerated().map { var e = $1; e.seq = UInt64($0 + 1); return e })
        #expect(try log.currentStates() == reference.current)
    }

    /// An archive is an event stream: importing it into an empty log gives back the year's events.
    @Test func archiveFileIsAnEventStreamThatImports() throws {
        let events = ArchiveFixtures.years()
        let log = try log(events)
        try log.archive(before: cutoff, into: archives)
        let other = try EventLog(directory: dir.url("other"))
        let result = try other.importStream(from: archives + "/2023.dimslog.z")
        #expect(result.read == 365 * 3 && result.added == 365 * 3)
        #expect(try other.entries().map(\.id) == events.prefix(365 * 3).map(\.id))
    }

    /// An event observed before the cut-off but appended after later ones stays live until the whole prefix can go.
    @Test func lateImportStaysLiveUntilThePrefixReachesIt() throws {
        var events = ArchiveFixtures.years(days: 800)
        let late = ArchiveFixtures.imported("cat.m0", 7, observedIn: 2023, recorded: Day(year: 2025, month: 3, day: 1).start)
        events.append(late)
        let log = try log(events)
        let first = try log.archive(before: cutoff, into: archives)
        #expect(first.lastSeq == UInt64(731 * 3))
        #expect(try log.entries().contains { $0.id == late.id })
        // Later, every event before the late import has gone: it joins its year's file.
        let second = try log.archive(before: Day(year: 2026, month: 1, day: 1).start, into: archives)
        #expect(second.files.map(\.year) == [2023, 2025])
        #expect(second.files.first?.events == 365 * 3 + 1)
        #expect(try log.entries().isEmpty)
        #expect(try log.verifyArchives(in: archives).isClean)
        #expect(try log.verify().isClean)
        #expect(try log.replayCheck(archives: archives) == nil)
        // A log whose every event is archived goes on after its archives.
        let next = try log.append([ArchiveFixtures.imported("cat.m0", 8, observedIn: 2026, recorded: Day(year: 2026, month: 6, day: 2).start)])
        #expect(next.first?.seq == UInt64(events.count + 1))
    }

    /// Archiving again with nothing new changes no file and no event.
    @Test func archivingTwiceIsANoOp() throws {
        let log = try log(ArchiveFixtures.years())
        try log.archive(before: cutoff, into: archives)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: archives + "/2024.dimslog.z"))
        let again = try log.archive(before: cutoff, into: archives)
        #expect(again.events == 0 && again.files.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: archives + "/2024.dimslog.z")) == bytes)
    }

    /// A dry run says what would move and moves nothing.
    @Test func dryRunMovesNothing() throws {
        let log = try log(ArchiveFixtures.years())
        let plan = try log.archive(before: cutoff, into: archives, dryRun: true)
        #expect(plan.events == 731 * 3)
        #expect(!FileManager.default.fileExists(atPath: archives))
        #expect(try log.entries().first?.seq == 1)
    }

    /// The id index keeps archived ids, so importing an archived event again adds nothing.
    @Test func archivedEventsAreNotImportedTwice() throws {
        let events = ArchiveFixtures.years()
        let log = try log(events)
        try log.archive(before: cutoff, into: archives)
        #expect(try log.append(Array(events.prefix(100))).isEmpty)
        #expect(try log.importStream(from: archives + "/2023.dimslog.z").added == 0)
    }

    /// Replaying a log with archives and no archive folder is refused rather than losing history.
    @Test func replayWithoutTheArchivesIsRefused() throws {
        let log = try log(ArchiveFixtures.years())
        try log.archive(before: cutoff, into: archives)
        let error = #expect(throws: StoreError.self) { try log.replay() }
        #expect(error?.code == .unavailable)
        #expect(try log.replayCheck(archives: archives) == nil)
    }

    /// A truncated, flipped or missing archive is named by archive verify and by every reader that needs it.
    @Test(arguments: ["truncate", "flip", "remove"])
    func damagedArchiveIsNamed(damage: String) throws {
        let log = try log(ArchiveFixtures.years())
        try log.archive(before: cutoff, into: archives)
        let path = archives + "/2023.dimslog.z"
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        switch damage {
        case "truncate": try data.prefix(data.count - 100).write(to: URL(fileURLWithPath: path))
        case "flip":
            data[data.count / 2] ^= 0x40
            try data.write(to: URL(fileURLWithPath: path))
        default: try FileManager.default.removeItem(atPath: path)
        }
        let report = try log.verifyArchives(in: archives)
        #expect(!report.isClean)
        #expect(report.problems.contains { $0.contains(path) }, "\(report.problems)")
        let error = #expect(throws: StoreError.self) { try log.replayCheck(archives: archives) }
        #expect(error?.code == .corruptStream)
        #expect(error?.message.contains(path) == true)
        #expect(throws: StoreError.self) { try log.events(of: "cat.m1", archives: archives) }
    }

    /// Files holding events still in the live log (an interrupted run) change no answer, and the next run finishes the move.
    @Test func interruptedRunIsFinishedByTheNext() throws {
        let events = ArchiveFixtures.years()
        let log = try log(events)
        let reference = try log.events(of: "cat.m2", archives: archives)
        // A run that wrote its files and stopped before its delete committed.
        let scratch = TemporaryDirectory("dims-archive-copy")
        let copy = try EventLog(directory: scratch.url("store"))
        try copy.append(events)
        try copy.archive(before: cutoff, into: archives)
        let report = try log.verifyArchives(in: archives)
        #expect(report.isClean, "\(report.problems)")
        #expect(report.notes.count == 2)
        #expect(try log.events(of: "cat.m2", archives: archives) == reference)
        #expect(try log.replayCheck(archives: archives) == nil)
        try log.archive(before: cutoff, into: archives)
        #expect(try log.verifyArchives(in: archives).notes.isEmpty)
        #expect(try log.events(of: "cat.m2", archives: archives) == reference)
    }
}
