import DIMSCore
import DIMSStore
import DIMSTestSupport
import Foundation
import Testing

/// Damage to liblmdb's two meta pages, which carry no checksum: every field liblmdb relies on is checked, the
/// damaged page is named, readers and writers refuse the store, and salvage recovers every event.
struct MetaPageDamageTests {
    /// A field of a meta page, by its offset after the page header, and the bits flipped in it.
    struct Field: Sendable, CustomTestStringConvertible {
        var name: String
        var offset: Int
        var mask: UInt8
        var testDescription: String { name }
    }

    static let fields = [
        Field(name: "page flags", offset: -6, mask: 0x08), Field(name: "magic", offset: 1, mask: 0x10),
        Field(name: "page size", offset: 25, mask: 0x20), Field(name: "main root", offset: 112, mask: 0x04),
        Field(name: "last page", offset: 120, mask: 0x40), Field(name: "transaction id", offset: 128, mask: 0x04),
        Field(name: "transaction id, high byte", offset: 133, mask: 0x01), Field(name: "main depth", offset: 78, mask: 0x02),
    ]

    @Test(arguments: fields) func damagedMetaFieldIsNamed(field: Field) throws {
        let project = try DamagedProject.make(days: 3)
        let pageSize = try project.map().file.pageSize
        for page in [0, 1] {
            let copy = TemporaryDirectory("dims-meta")
            try ProcessRunner.run("/bin/cp", ["-a", project.root + "/.", copy.path])
            let data = copy.path + "/inventory/.dims/data.mdb"
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: data))
            let offset = UInt64(page * pageSize + 16 + field.offset)
            try handle.seek(toOffset: offset)
            let byte = try #require(try handle.read(upToCount: 1)?.first)
            try handle.seek(toOffset: offset)
            try handle.write(contentsOf: [byte ^ field.mask])
            try handle.close()
            let env = ["DIMS_NOW": project.project.now, "DIMS_ACTOR": project.project.actor]
            func dims(_ arguments: [String]) throws -> ProcessResult {
                try ProcessRunner.run(ProcessRunner.binary("dims"), arguments, in: copy.path, environment: env)
            }
            let verify = try dims(["log", "verify"])
            #expect(verify.status == 1, "meta page \(page), \(field.name): \(verify.stdout)\(verify.stderr)")
            #expect(verify.stdout.contains("eta page"), "meta page \(page), \(field.name): \(verify.stdout)")
            let history = try dims(["history", "code_base.file_count", "--days", "90"])
            #expect(history.status == 3 && history.stderr.contains("eta page"), "meta page \(page), \(field.name): \(history.stdout)\(history.stderr)")
            let update = try dims(["update"])
            #expect(update.status == 3, "meta page \(page), \(field.name): \(update.stdout)\(update.stderr)")
            let salvage = try dims(["log", "salvage", "--to", copy.path + "/salvaged"])
            #expect(salvage.status <= 1, "meta page \(page), \(field.name): \(salvage.stdout)\(salvage.stderr)")
            let log = try EventLog(directory: copy.path + "/salvaged", readOnly: true)
            #expect(try log.entries().map(\.id) == project.before.map(\.id), "meta page \(page), \(field.name): every event salvaged")
        }
    }
}
