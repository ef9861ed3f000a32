import DIMSCore
import DIMSStore
import DIMSTestSupport
import Testing

/// The stamps of the inventory files kept in the log's meta.
struct FileStampTests {
    /// Stamps written are read back, survive a reopen, and a replay of the projections leaves them alone.
    @Test func stampsRoundTripAndSurviveAReplay() throws {
        let dir = TemporaryDirectory()
        let stamps = ["inventory/metrics.yaml": FileStamp(hash: .max, seq: 7),
                      "inventory/historical/2025-10-01.yaml": FileStamp(hash: 0x1234_5678_9ABC_DEF0, seq: 0)]
        do {
            let log = try EventLog(directory: dir.url("store"))
            #expect(try log.fileStamps().isEmpty)
            try log.append(EventFactory.random(count: 20, seed: 5))
            try log.setFileStamps(stamps)
        }
        let log = try EventLog(directory: dir.url("store"))
        #expect(try log.fileStamps() == stamps)
        try log.replay()
        #expect(try log.fileStamps() == stamps)
        #expect(try log.verify().isClean)
        try log.setFileStamps([:])
        #expect(try log.fileStamps().isEmpty)
    }
}
