import DIMSCore
import Foundation
@testable import DIMSInventory
import Testing

/// What a teammate's rewrite of metrics.yaml must keep: the file's time format, its quoting, and a clear conflict error.
struct TeamFileTests {
    @Test(arguments: [
        ("2025-09-20T10:00:00Z", "2025-10-01T09:00:00Z"),
        ("2025-09-20T10:00:00.123456", "2025-10-01T09:00:00.250000"),
        ("2025-09-20T10:00:00", "2025-10-01T09:00:00"),
        ("2025-09-20 10:00:00+00:00", "2025-10-01 09:00:00+00:00"),
        ("2025-09-20T10:00:00.123Z", "2025-10-01T09:00:00.250Z"),
    ])
    func aTimeIsWrittenInTheStyleOfItsExample(example: String, expected: String) throws {
        let style = try #require(TimeStyle(example: example))
        let time = try #require(Timestamp.parse("2025-10-01T09:00:00.25Z"))
        let written = style.format(time)
        #expect(written == expected)
        #expect(Timestamp.parse(written) == (expected.contains(".") ? time : Timestamp.parse("2025-10-01T09:00:00Z")))
    }

    /// Python's rule: six fraction digits, none when they are zero.
    @Test func pythonStyleDropsAZeroFraction() throws {
        let time = try #require(Timestamp.parse("2025-10-01T09:00:00Z"))
        #expect(TimeStyle.python.format(time) == "2025-10-01T09:00:00")
        #expect(TimeStyle(example: "yesterday") == nil)
    }

    /// A changed entry keeps its other lines byte for byte and its time's quoting.
    @Test func aMovedEntryChangesOnlyItsOwnLines() throws {
        let text = """
            metadata:
              last_updated: "2025-09-20T10:00:00Z"
            code_base:
              files:
                value: 96   # counted by hand
                last_verified: "2025-09-20T10:00:00Z"
                verification_method: automated
              other:
                value: 1
                last_verified: 2025-09-20T10:00:00Z

            """
        var document = try MetricsDocument(text: text, file: "metrics.yaml")
        let style = document.timeStyle(for: "code_base.files")
        var entry = try #require(document["code_base.files"])
        entry.value = .integer(100)
        entry["last_verified"] = .string(style.format(try #require(Timestamp.parse("2025-10-01T09:00:00Z"))))
        document["code_base.files"] = entry
        var other = try #require(document["code_base.other"])
        other["last_verified"] = .string(document.timeStyle(for: "code_base.other").format(try #require(Timestamp.parse("2025-10-02T00:00:00Z"))))
        document["code_base.other"] = other
        #expect(document.text == text
            .replacingOccurrences(of: "value: 96   # counted by hand", with: "value: 100")
            .replacingOccurrences(of: "last_verified: \"2025-09-20T10:00:00Z\"", with: "last_verified: \"2025-10-01T09:00:00Z\"")
            .replacingOccurrences(of: "last_verified: 2025-09-20T10:00:00Z", with: "last_verified: 2025-10-02T00:00:00Z"))
    }

    /// Git's conflict markers get their own message, naming the first marker's line.
    @Test func mergeConflictMarkersAreNamed() {
        let text = "code_base:\n  files:\n<<<<<<< HEAD\n    value: 1\n=======\n    value: 2\n>>>>>>> origin/main\n"
        let error = #expect(throws: InventoryFileError.self) { try MetricsDocument(text: text, file: "inventory/metrics.yaml") }
        #expect(error?.code == .conflict)
        #expect(error?.line == 3)
        #expect(error?.message.hasPrefix("inventory/metrics.yaml:3: Unresolved git merge conflict ('<<<<<<<')") == true)
    }

    @Test func theHashOfATextChangesWithOneByte() {
        #expect(InventoryText("value: 1\n").hash == InventoryText("value: 1\n").hash)
        #expect(InventoryText("value: 1\n").hash != InventoryText("value: 2\n").hash)
    }
}
