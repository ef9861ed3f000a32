@testable import DIMSStore
import DIMSTestSupport
import Foundation
import Testing

/// `.dims/checked`: what one command writes, the next reads back; a damaged or torn record reads as none.
struct CheckedSnapshotTests {
    @Test func aWrittenRecordReadsBackAndADamagedOneReadsAsNone() throws {
        let directory = try TemporaryDirectory()
        let record = CheckedSnapshot(txnid: 123_456, file: .init(inode: 42, size: 1 << 20, modified: 1_764_280_800_123_456_789),
                                     trees: ["events", "p_state", "meta"])
        record.write(to: directory.path)
        #expect(CheckedSnapshot.read(directory.path) == record)
        let every = CheckedSnapshot(txnid: 1, file: .init(inode: 1, size: 0, modified: 0), trees: [CheckedSnapshot.everyTree])
        every.write(to: directory.path)
        #expect(CheckedSnapshot.read(directory.path) == every)

        let path = CheckedSnapshot.path(directory.path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for damaged in [text.replacingOccurrences(of: "v1 1 ", with: "v1 2 "), String(text.dropLast(5)), "", "v1\n",
                        text.replacingOccurrences(of: " ", with: "  ")] {
            try damaged.write(toFile: path, atomically: false, encoding: .utf8)
            #expect(CheckedSnapshot.read(directory.path) == nil, "\(damaged)")
        }
        try FileManager.default.removeItem(atPath: path)
        #expect(CheckedSnapshot.read(directory.path) == nil)
    }
}
