import DIMSCore
import DIMSStore
import DIMSTestSupport
import Foundation
import Testing

struct EventStreamTests {
    /// Export then import into an empty log gives the same events; importing twice adds nothing.
    @Test func exportImportRoundTripIsIdempotent() throws {
        let dir = TemporaryDirectory()
        let source = try EventLog(directory: dir.url("a"))
        try source.append(EventFactory.random(count: 300, seed: 12))
        #expect(try source.export(to: dir.url("log.dimslog.z")) == 300)

        let target = try EventLog(directory: dir.url("b"))
        let first = try target.importStream(from: dir.url("log.dimslog.z"))
        #expect(first.read == 300 && first.added == 300)
        let second = try target.importStream(from: dir.url("log.dimslog.z"))
        #expect(second.added == 0)
        #expect(try target.entries().map(\.id) == source.entries().map(\.id))
        #expect(try target.currentStates() == source.currentStates())
    }

    /// A truncated export file is refused with its name, and the log is left as it was.
    @Test func truncatedStreamIsRefused() throws {
        let dir = TemporaryDirectory()
        let source = try EventLog(directory: dir.url("a"))
        try source.append(EventFactory.random(count: 200, seed: 13))
        let file = dir.url("log.dimslog.z")
        try source.export(to: file)
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: file))

        let target = try EventLog(directory: dir.url("b"))
        try target.append(EventFactory.random(count: 3, seed: 14))
        let error = #expect(throws: StoreError.self) { try target.importStream(from: file) }
        #expect(error?.code == .corruptStream)
        #expect(error?.message.contains(file) == true)
        #expect(try target.lastSeq() == 3)
    }
}
