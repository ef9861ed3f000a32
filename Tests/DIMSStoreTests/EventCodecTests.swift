import DIMSCore
import DIMSStore
import DIMSTestSupport
import Testing

struct EventCodecTests {
    /// Every kind of event survives encoding and decoding unchanged.
    @Test func everyKindRoundTrips() throws {
        for (i, event) in EventFactory.random(count: 400, seed: 7).enumerated() {
            var entry = event
            entry.seq = UInt64(i + 1)
            let decoded = try EventCodec.decode(EventCodec.encode(entry), seq: entry.seq)
            #expect(decoded == entry)
        }
    }

    /// A flipped byte fails the CRC, and the error names the seq.
    @Test func flippedByteIsDetected() throws {
        var bytes = EventCodec.encode(EventFactory.measured("a.b", .integer(5), at: EventFactory.start))
        bytes[bytes.count / 2] ^= 0x40
        let error = #expect(throws: StoreError.self) { try EventCodec.decode(bytes, seq: 42) }
        #expect(error?.code == .corruptRecord)
        #expect(error?.seq == 42)
        #expect(error?.message.contains("Event 42") == true)
    }

    /// An event of a newer version keeps its version byte and payload through a decode and encode.
    @Test func newerVersionIsKeptVerbatim() throws {
        let entry = LoggedEvent(recorded: EventFactory.start, observed: EventFactory.start, actor: "a@b",
                                event: .unknown(kind: 1, version: 3, payload: [9, 8, 7, 6]))
        let bytes = EventCodec.encode(entry)
        #expect(bytes[0] == 3)
        let decoded = try EventCodec.decode(bytes, seq: 5)
        #expect(EventCodec.encode(decoded) == bytes)
    }

    /// A backfilled reading keeps its commit through a round trip, as version 2; a live reading stays version 1.
    @Test func backfilledReadingKeepsItsCommit() throws {
        let reading = Reading(metric: "code_base.files", value: .integer(12), source: .backfill, commit: "0123456789abcdef0123456789abcdef01234567")
        let entry = LoggedEvent(recorded: EventFactory.start, observed: EventFactory.start, actor: "a@b", event: .measured(reading))
        let bytes = EventCodec.encode(entry)
        #expect(bytes[0] == 2)
        let decoded = try EventCodec.decode(bytes, seq: 3)
        #expect(decoded.event == .measured(reading))
        let live = EventCodec.encode(EventFactory.measured("code_base.files", .integer(12), at: EventFactory.start))
        #expect(live[0] == 1)
        guard case .measured(let back) = try EventCodec.decode(live, seq: 4).event else { Issue.record("not a reading"); return }
        #expect(back.commit == nil)
    }

    /// A reading's source is written as its name: a config source, `import`, `backfill`, or a name a newer build wrote.
    @Test func readingSourcesKeepTheirNames() throws {
        for (source, name) in [(ReadingSource.source(.grep), "grep"), (.imported, "import"), (.backfill, "backfill"), (.unknown("telepathy"), "telepathy")] {
            #expect(ReadingSource(rawValue: name) == source)
            let entry = LoggedEvent(recorded: EventFactory.start, observed: EventFactory.start, actor: "a@b",
                                    event: .measurementFailed(Failure(metric: "a.b", source: source, reason: "no")))
            #expect(try EventCodec.decode(EventCodec.encode(entry), seq: 1).event == entry.event)
        }
    }

    /// An event of a kind this build does not know decodes as unknown, header intact.
    @Test func unknownKindIsKept() throws {
        let entry = LoggedEvent(recorded: EventFactory.start, observed: EventFactory.start, actor: "a@b",
                                event: .unknown(kind: 99, version: 1, payload: [1, 2, 3]))
        let decoded = try EventCodec.decode(EventCodec.encode(entry), seq: 1)
        #expect(decoded.event == .unknown(kind: 99, version: 1, payload: [1, 2, 3]))
        #expect(decoded.id == entry.id)
        #expect(decoded.actor == "a@b")
    }
}

struct MigrationProofCodecTests {
    /// A migration proof, with a value or a failure on either side, survives encoding and decoding unchanged.
    @Test func proofsRoundTrip() throws {
        let proofs = [
            MigrationProof(metric: "code_base.python_files", command: "find . -name '*.py' -type f | wc -l",
                           native: "{source: files, paths: ., include: \"*.py\", hidden: true}", original: .value(.integer(82)),
                           rewritten: .value(.integer(82)), outcome: .proven, written: true),
            MigrationProof(metric: "s3_storage.total", command: "python3 -c \"...\"", native: "{source: s3, bucket: lake}",
                           original: .failure("exited with status 1"), rewritten: .value(.float(1.5)), outcome: .unproven, written: false),
        ]
        for (index, proof) in proofs.enumerated() {
            let entry = LoggedEvent(seq: UInt64(index + 1), recorded: EventFactory.start, observed: EventFactory.start, actor: "a@b",
                                    event: .migrationProved(proof))
            #expect(try EventCodec.decode(EventCodec.encode(entry), seq: entry.seq) == entry)
            #expect(entry.event.metric == proof.metric)
        }
    }
}

struct BreakdownCodecTests {
    /// A breakdown, with its parts, rest and metric, survives encoding and decoding; the metric index finds it.
    @Test func breakdownsRoundTrip() throws {
        let breakdown = Breakdown(metric: "s3_storage.total_objects", parts: [.init(name: "espn/", value: 1_150), .init(name: "ü ñ/", value: 0.25)], rest: 53)
        let entry = LoggedEvent(seq: 3, recorded: EventFactory.start, observed: EventFactory.start, actor: "a@b", event: .breakdownRecorded(breakdown))
        let decoded = try EventCodec.decode(EventCodec.encode(entry), seq: 3)
        #expect(decoded == entry)
        #expect(decoded.event.metric == "s3_storage.total_objects")
        #expect(decoded.event.kindName == "breakdown_recorded")
    }

    /// A reading's record is what it was before breakdowns existed (kind 1); the breakdown is a separate event of
    /// kind 21, which a build that does not know it keeps and skips as unknown (`unknownKindIsKept`).
    @Test func readingsAreUnchangedAndBreakdownsAreTheirOwnKind() throws {
        let reading = EventFactory.measured("a.b", .integer(5), at: EventFactory.start)
        let bytes = EventCodec.encode(reading)
        #expect(bytes[1] == 1)
        let breakdown = EventCodec.encode(LoggedEvent(recorded: EventFactory.start, observed: EventFactory.start, actor: "a@b",
                                                      event: .breakdownRecorded(Breakdown(metric: "a.b", values: ["x/": 5]))))
        #expect(breakdown[1] == 21)
        #expect(try EventCodec.decode(bytes, seq: 1) == LoggedEvent(seq: 1, id: reading.id, recorded: reading.recorded, observed: reading.observed,
                                                                     actor: reading.actor, event: reading.event))
    }
}
