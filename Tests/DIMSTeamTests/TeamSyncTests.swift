import DIMSCore
import DIMSStore
import DIMSTeam
import DIMSTestSupport
import Testing

/// Push and pull between machines' LMDB logs through the team log.
@Suite(TeamServer.enabled)
struct TeamSyncTests {
    /// Events pushed by one machine arrive on another with their ids, actors and times; pulling again adds nothing.
    @Test func pulledEventsKeepTheirIdentity() throws {
        let dir = TemporaryDirectory()
        let settings = try TeamServer.freshSettings()
        _ = try TeamStore.migrate(settings)
        let a = TeamSync(local: try EventLog(directory: dir.url("a")), remote: try TeamStore(settings: settings))
        let b = TeamSync(local: try EventLog(directory: dir.url("b")), remote: try TeamStore(settings: settings))
        let events = EventFactory.random(count: 120, seed: 5)
        try a.local.append(events)
        #expect(try a.pending() == 120)
        #expect(try a.push() == 120)
        #expect(try a.pending() == 0)
        #expect(try a.push() == 0)
        let pulled = try b.pull()
        #expect(pulled.count == 120)
        #expect(try b.pull().isEmpty)
        let strip = { (e: LoggedEvent) in [e.id.description, e.actor, "\(e.recorded.micros)", "\(e.observed.micros)", "\(e.event)"] }
        #expect(try b.local.entries().map(strip) == events.map(strip))
        #expect(try b.local.currentStates() == a.local.currentStates())
        // Pulled events are on the server already: b has nothing to push.
        #expect(try b.pending() == 0)
    }

    /// Two machines that each append, push and pull end with the same events, each once.
    @Test func twoMachinesConverge() throws {
        let dir = TemporaryDirectory()
        let settings = try TeamServer.freshSettings()
        _ = try TeamStore.migrate(settings)
        let a = TeamSync(local: try EventLog(directory: dir.url("a")), remote: try TeamStore(settings: settings))
        let b = TeamSync(local: try EventLog(directory: dir.url("b")), remote: try TeamStore(settings: settings))
        let events = EventFactory.random(count: 200, seed: 9)
        try a.local.append(Array(events[0..<50]))
        try b.local.append(Array(events[50..<120]))
        try a.push()
        try b.push()
        try a.pull()
        try a.local.append(Array(events[120...]))
        try a.push()
        try b.pull()
        try a.pull()
        for sync in [a, b] {
            #expect(Set(try sync.local.entries().map(\.id)) == Set(events.map(\.id)))
            #expect(try sync.local.lastSeq() == 200)
            #expect(try sync.local.replayCheck() == nil)
        }
        #expect(try a.remote.lastSeq() == 200)
    }

    /// A push that stops after the server commits but before the mark is written sends again; the server skips the repeats.
    @Test func repeatedPushAddsNothing() throws {
        let dir = TemporaryDirectory()
        let settings = try TeamServer.freshSettings()
        _ = try TeamStore.migrate(settings)
        let remote = try TeamStore(settings: settings)
        let local = try EventLog(directory: dir.url("a"))
        let events = EventFactory.random(count: 30, seed: 3)
        try local.append(events)
        try remote.append(Array(events[0..<20]))
        #expect(try TeamSync(local: local, remote: remote).push() == 10)
        #expect(try remote.lastSeq() == 30)
    }
}
