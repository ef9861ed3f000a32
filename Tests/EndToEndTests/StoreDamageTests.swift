import DIMSCore
import DIMSStore
import DIMSTestSupport
import Foundation
import Testing

/// A damaged store is named, never believed: damage at a record's size field, a branch page and a projection
/// key, found by every command that meets it, refused by writing commands, and salvaged.
struct StoreDamageTests {
    /// A record-size field of an event: no command crashes, verify names the page, writers refuse, salvage
    /// recovers every other event.
    @Test func damagedRecordSizeIsNamedAndSalvaged() throws {
        let project = try DamagedProject.make()
        let map = try project.map()
        let leaf = try #require(map.tree("events").leaves.first)
        let node = try #require(leaf.nodes?[(leaf.nodes?.count ?? 0) / 2])
        try project.flip(at: node.offset + 1, with: 0x40)

        let stats = try project.dims(["log", "stats"])
        #expect(stats.status == 3, "\(stats.stdout)\(stats.stderr)")
        #expect(stats.stderr.contains("damaged"), "\(stats.stderr)")
        #expect(try project.dims(["replay", "--check"]).status == 3)
        let verify = try project.dims(["log", "verify"])
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("Page \(leaf.number) of 'events' is damaged"), "\(verify.stdout)")
        let update = try project.dims(["update"])
        #expect(update.status == 3, "\(update.stdout)\(update.stderr)")
        #expect(update.stderr.contains("dims log salvage"), "\(update.stderr)")

        let salvage = try project.dims(["log", "salvage"])
        #expect(salvage.status <= 1, "\(salvage.stdout)\(salvage.stderr)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: project.root + "/inventory").filter { $0.hasPrefix(".dims.damaged-") }
        #expect(kept.count == 1, "the damaged store is kept aside")
        try project.expectSalvaged(damagedOffsets: [node.offset + 1])
        #expect(try project.dims(["log", "verify"]).status == 0)
        #expect(try project.dims(["update"]).status == 0)
    }

    /// A branch page of the events tree pointing to the wrong child: verify names the page, readers fail
    /// without crashing, salvage finds the events the branch no longer reaches.
    @Test func damagedBranchPageIsNamedAndSalvaged() throws {
        let project = try DamagedProject.make()
        let map = try project.map()
        let tree = map.tree("events")
        let branch = try #require(tree.branches.first, "the events tree has a branch page")
        let page = try #require(map.file.page(UInt64(branch))?.nodes)
        try project.flip(at: page[1].offset, with: 0x03)

        for command in [["log", "stats"], ["replay", "--check"], ["audit", "code_base.file_count"]] {
            let result = try project.dims(command)
            #expect(result.status == 3, "\(command): \(result.stdout)\(result.stderr)")
        }
        let verify = try project.dims(["log", "verify"])
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("of 'events'"), "\(verify.stdout)")
        #expect(try project.dims(["update"]).status == 3)
        let salvage = try project.dims(["log", "salvage", "--to", project.root + "/salvaged"])
        #expect(salvage.status == 0, "\(salvage.stdout)\(salvage.stderr)")
        try project.expectSalvaged(damagedOffsets: [], store: project.root + "/salvaged")
    }

    /// The high byte of an event's key (corruption seed 4): salvage reported a loss of about 2^63 events and
    /// crashed printing it. Now the event takes the seq its place gives (between its neighbours, or the one missing), and nothing is lost.
    @Test func damagedEventKeyIsSalvagedInPlace() throws {
        let project = try DamagedProject.make(days: 5)
        let map = try project.map()
        let leaf = try #require(map.tree("events").leaves.first { ($0.nodes?.count ?? 0) >= 5 })
        let node = try #require(leaf.nodes?[2])
        try project.flip(at: node.key.lowerBound, with: 0xF4)

        #expect(try project.dims(["log", "stats"]).status == 3)
        try project.expectSalvagedWhole()
        #expect(try project.dims(["log", "verify"]).status == 0)
    }

    /// An event key damaged onto the seq of an event on a later leaf (corruption seed 8): the walk stopped at the
    /// leaf, salvage found the event off the tree under a seq already taken and dropped it, then moved the last
    /// event into the gap and said nothing was lost. Now the leaf's records are read in place.
    @Test func eventKeyDamagedOntoAnotherEventsSeqIsSalvagedInPlace() throws {
        let project = try DamagedProject.make()
        let map = try project.map()
        let leaves = map.tree("events").leaves
        #expect(leaves.count > 1, "the events tree has more than one leaf")
        let leaf = try #require(leaves.first { ($0.nodes?.count ?? 0) >= 5 })
        let node = try #require(leaf.nodes?[3])
        let seq = map.file.bytes[node.key].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let target = UInt64(project.before.count - 5)
        #expect(seq < 256 && target < 256 && target != seq)
        try project.flip(at: node.key.upperBound - 1, with: UInt8(seq) ^ UInt8(target))

        let verify = try project.dims(["log", "verify"])
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("Event \(seq + 1) follows event \(target): a key is damaged"), "\(verify.stdout)")
        try project.expectSalvagedWhole()
        #expect(try project.dims(["log", "verify"]).status == 0)
    }

    /// A displaced event whose leaf the walk cannot read (its page header damaged as well): salvage still
    /// places it in the seq missing instead of moving the last event there.
    @Test func displacedEventOnAnUnreadableLeafTakesTheMissingSeq() throws {
        let project = try DamagedProject.make()
        let map = try project.map()
        let leaf = try #require(map.tree("events").leaves.first { ($0.nodes?.count ?? 0) >= 5 })
        let node = try #require(leaf.nodes?[3])
        let seq = map.file.bytes[node.key].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let target = UInt64(project.before.count - 5)
        try project.flip(at: node.key.upperBound - 1, with: UInt8(seq) ^ UInt8(target))
        // The page's own number in its header: the walk no longer reads the leaf, salvage scans it as a loose page.
        try project.flip(at: leaf.number * map.file.pageSize, with: 0x01)

        try project.expectSalvagedWhole()
    }

    /// One byte of a trend key: history and diff fail naming the database and key instead of answering for
    /// the wrong day, and verify names it.
    @Test func damagedProjectionKeyIsNamed() throws {
        let project = try DamagedProject.make()
        let map = try project.map()
        let prefix = Array("code_base.file_count".utf8) + [0]
        let (page, node) = try #require(map.tree("p_trend").leaves.lazy.flatMap { page in (page.nodes ?? []).map { (page, $0) } }
            .first { map.file.bytes[$0.1.key].starts(with: prefix) })
        _ = page
        try project.flip(at: node.key.upperBound - 1, with: 0x01)

        let history = try project.dims(["history", "code_base.file_count", "--days", "90"])
        #expect(history.status == 3, "\(history.stdout)\(history.stderr)")
        #expect(history.stderr.contains("'p_trend'") && history.stderr.contains("code_base.file_count·"), "\(history.stderr)")
        let verify = try project.dims(["log", "verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("of 'p_trend'"), "\(verify.stdout)")
        #expect(try project.dims(["update"]).status == 3)
        #expect(try project.dims(["log", "salvage"]).status == 0)
        #expect(try project.dims(["history", "code_base.file_count", "--days", "90"]).stdout == project.history)
    }
}

extension StoreDamageTests {
    /// Salvage carries the inventory files' stamps over when no event was lost: the snapshot in historical/ is not
    /// imported again as new readings by the next command (it was, with the stamps left behind).
    @Test func salvageCarriesTheFileStamps() throws {
        let project = try DamagedProject.make(days: 5)
        let map = try project.map()
        let prefix = Array("code_base.file_count".utf8) + [0]
        let node = try #require(map.tree("p_trend").leaves.lazy.flatMap { $0.nodes ?? [] }.first { map.file.bytes[$0.key].starts(with: prefix) })
        try project.flip(at: node.key.upperBound - 1, with: 0x01)

        let salvage = try project.dims(["log", "salvage", "--json"])
        #expect(salvage.status == 0, "\(salvage.stdout)\(salvage.stderr)")
        #expect(salvage.stdout.contains("\"files\""), "\(salvage.stdout)")
        #expect(try project.dims(["history", "code_base.file_count", "--days", "90"]).stdout == project.history)
        #expect(try project.dims(["update"]).status == 0)
        let log = try EventLog(directory: project.store, readOnly: true)
        func imported(_ events: [LoggedEvent]) -> [LoggedEvent] { events.filter { if case .imported = $0.event { true } else { false } } }
        #expect(imported(try log.entries()) == imported(project.before), "nothing imported again")
        #expect(try log.entries().prefix(project.before.count).map(\.id) == project.before.map(\.id))
    }
}

extension StoreDamageTests {
    /// The key size of an event's node (corruption seed 12): salvage skipped the record, then moved the last event
    /// into its seq and said nothing was lost. Now the record is read as one whose size field is damaged.
    @Test func damagedKeySizeOfAnEventIsSalvaged() throws {
        let project = try DamagedProject.make()
        let map = try project.map()
        let leaf = try #require(map.tree("events").leaves.first { ($0.nodes?.count ?? 0) >= 5 })
        let node = try #require(leaf.nodes?[3])
        try project.flip(at: node.offset + 6, with: 0x48)

        #expect(try project.dims(["log", "verify"]).status == 1)
        try project.expectSalvagedWhole()
    }

    /// One byte of the name 'events' in the main database (corruption seed 17): the log read as empty, and the
    /// first reader, taking the store for a new one, wrote a new log into it. Now every command names the damage,
    /// nothing is written, and salvage finds every event.
    @Test func damagedNameOfTheEventsDatabaseIsNamed() throws {
        let project = try DamagedProject.make()
        let map = try project.map()
        let main = map.file.walk(root: try #require(map.file.mainRoot()).root, name: PageFile.mainName)
        let node = try #require(main.leaves.flatMap { $0.nodes ?? [] }.first { map.file.bytes[$0.key].elementsEqual("events".utf8) })
        try project.flip(at: node.key.lowerBound + 3, with: 0x35)

        for command in [["history", "code_base.file_count", "--days", "90"], ["log", "stats"], ["log", "verify"], ["update"]] {
            let result = try project.dims(command)
            #expect(result.status == 3 || (command == ["log", "verify"] && result.status == 1), "\(command): \(result.stdout)\(result.stderr)")
            #expect((result.stdout + result.stderr).contains("names no 'events' database"), "\(command): \(result.stdout)\(result.stderr)")
        }
        try project.expectSalvagedWhole()
    }
}

/// A project with a month of daily updates, its events exported before any damage.
final class DamagedProject: @unchecked Sendable {

    /// `log salvage` recovers every event of the log as it was before the damage, each at its own seq, and says so.
    func expectSalvagedWhole(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let salvage = try dims(["log", "salvage"])
        #expect(salvage.status == 0, "\(salvage.stdout)\(salvage.stderr)", sourceLocation: sourceLocation)
        #expect(salvage.stdout.contains("No event is lost"), "\(salvage.stdout)", sourceLocation: sourceLocation)
        let log = try EventLog(directory: store, readOnly: true)
        #expect(try log.entries().map(\.id) == before.map(\.id), "every event, in its place", sourceLocation: sourceLocation)
    }
    let project: TestProject
    var root: String { project.root }
    var store: String { root + "/inventory/.dims" }
    /// The events as exported before the damage.
    let before: [LoggedEvent]
    /// Where each event's record lies in the undamaged data file (every copy).
    let copies: [EventID: [Range<Int>]]
    let history: String

    init(project: TestProject) throws {
        self.project = project
        let export = project.root + "/before.dimslog"
        #expect(try project.dims("log", "export", export).status == 0)
        before = try EventStream.decode(compressed: [UInt8](try Data(contentsOf: URL(fileURLWithPath: export))), name: export).events
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: project.root + "/inventory/.dims/data.mdb")))
        var copies: [EventID: [Range<Int>]] = [:]
        for event in before {
            let record = EventCodec.encode(event)
            var from = 0
            while let range = bytes[from...].firstRange(of: record) {
                copies[event.id, default: []].append(range)
                from = range.upperBound
            }
        }
        self.copies = copies
        history = try project.dims("history", "code_base.file_count", "--days", "90").stdout
    }

    /// Thirty days of updates with changing values, and a snapshot.
    static func make(days: Int = 30) throws -> DamagedProject {
        let project = try TestProject()
        for day in 1...days {
            project.now = String(format: "2025-09-%02dT09:00:00Z", min(day, 30))
            if day > 30 { project.now = String(format: "2025-10-%02dT09:00:00Z", day - 30) }
            project.setValue("count", 100 + day * 7 % 23)
            project.setValue("lines", 2000 + day * 13)
            #expect(try project.dims("update").status == 0)
        }
        #expect(try project.dims("snapshot").status == 0)
        return try DamagedProject(project: project)
    }

    func dims(_ arguments: [String]) throws -> ProcessResult { try project.dims(arguments) }

    func map() throws -> StoreMap { try StoreMap(path: store + "/data.mdb") }

    func flip(at offset: Int, with mask: UInt8) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: store + "/data.mdb"))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let byte = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: [byte ^ mask])
    }

    /// Every event that has a copy untouched by the damage is in the salvaged store, unchanged.
    func expectSalvaged(damagedOffsets: [Int], store salvaged: String? = nil) throws {
        let log = try EventLog(directory: salvaged ?? store, readOnly: true)
        let recovered = Dictionary(try log.entries().map { ($0.id, $0) }) { first, _ in first }
        for event in before {
            let intact = (copies[event.id] ?? []).contains { range in !damagedOffsets.contains { range.contains($0) } }
            guard intact else { continue }
            var found = recovered[event.id]
            found?.seq = event.seq
            #expect(found == event, "event \(event.seq) is intact but was not salvaged")
        }
    }
}

/// The pages of a data file, read with `PageFile`.
struct StoreMap {
    let file: PageFile
    let roots: [String: UInt64]

    init(path: String) throws {
        file = try PageFile(path: path)
        roots = file.databases().roots
    }

    func tree(_ name: String) -> PageFile.Tree { file.walk(root: roots[name] ?? PageFile.invalidPage, name: name) }

    /// The pages every tree reaches: branches and leaves.
    var pagesInUse: [Int] {
        let main = file.walk(root: file.mainRoot()?.root ?? PageFile.invalidPage, name: PageFile.mainName)
        return main.branches + main.leaves.map(\.number)
            + roots.keys.sorted().flatMap { name in let tree = tree(name); return tree.branches + tree.leaves.map(\.number) }
    }
}
