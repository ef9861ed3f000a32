@testable import DIMSProbes
import Testing

/// The parts a walk's tally keeps for breakdowns: by slot inside, by name outside.
struct TallyTests {
    @Test func partsAreAddedByNameOrSlotAndReadByName() {
        var tally = Tally(count: 2, parts: true)
        let docs = tally.slot(of: "docs/")
        tally.totals[0] = 7
        tally.addPart(0, slot: docs, since: 4)
        tally.addPart(0, "src/", adding: 2)
        tally.addPart(1, "src/", adding: 5)
        tally.addPart(1, slot: docs, adding: 0)
        #expect(tally.parts == [["docs/": 3, "src/": 2], ["src/": 5]])
    }

    @Test func pastTheMostPartsLaterPartsCountTogetherAndStillAddUp() {
        var tally = Tally(count: 1, parts: true)
        for index in 0..<(Tally.maximumParts + 5) { tally.addPart(0, "folder\(index)/", adding: 2) }
        tally.addPart(0, "folder0/", adding: 1)
        let parts = tally.parts[0]
        #expect(parts.count == Tally.maximumParts + 1)
        #expect(parts[FolderPart.otherName] == 10)
        #expect(parts["folder0/"] == 3)
        #expect(parts.values.reduce(0, +) == Int64(2 * (Tally.maximumParts + 5) + 1))
    }

    @Test func mergingAddsTotalsOfTheSameNameWhateverTheirSlots() {
        var first = Tally(count: 1, parts: true), second = Tally(count: 1, parts: true)
        first.addPart(0, "a/", adding: 1)
        first.addPart(0, "b/", adding: 2)
        second.addPart(0, "b/", adding: 10)
        second.addPart(0, "c/", adding: 20)
        second.totals[0] = 30
        first.merge(second)
        #expect(first.parts == [["a/": 1, "b/": 12, "c/": 20]])
        #expect(first.totals == [30])
    }

    @Test func aTallyWithoutPartsKeepsNone() {
        var tally = Tally(count: 1)
        tally.merge(Tally(count: 1))
        #expect(!tally.keepsParts && tally.parts.isEmpty)
    }
}
