import DIMSCore
import DIMSStore
import DIMSTestSupport
import Foundation
import Testing

/// The approval events in the log and the `p_approvals` projection.
struct ApprovalStoreTests {
    let t0 = EventFactory.start

    func request(_ metric: MetricPath, _ previous: Int64, _ value: Int64, at time: Timestamp, number: UInt32 = 0) -> LoggedEvent {
        LoggedEvent(recorded: time, observed: time, actor: "runner@ci", event: .approvalRequested(ApprovalRequest(
            number: number, metric: metric, previous: .integer(previous), value: .integer(value), trigger: .collapse, run: .verifyUpdate)))
    }

    func grant(_ number: UInt32, _ metric: MetricPath, at time: Timestamp, applied: Bool = true) -> LoggedEvent {
        LoggedEvent(recorded: time, observed: time, actor: "lead@ci", event: .approvalGranted(ApprovalDecision(
            number: number, metric: metric, reviewer: "lead", notes: "checked the bucket", applied: applied)))
    }

    func reject(_ number: UInt32, _ metric: MetricPath, at time: Timestamp) -> LoggedEvent {
        LoggedEvent(recorded: time, observed: time, actor: "lead@ci", event: .approvalRejected(ApprovalDecision(
            number: number, metric: metric, reviewer: "lead", notes: "S3 was down", applied: false)))
    }

    /// Each approval event survives encoding and decoding unchanged.
    @Test func approvalEventsRoundTrip() throws {
        let events = [request("s3.objects", 172_975, 0, at: t0, number: 12), grant(12, "s3.objects", at: t0), reject(3, "a.b", at: t0)]
        for (i, var entry) in events.enumerated() {
            entry.seq = UInt64(i + 1)
            #expect(try EventCodec.decode(EventCodec.encode(entry), seq: entry.seq) == entry)
        }
    }

    /// Requests get small numbers in the order they are appended, across batches, and keep them through a replay.
    @Test func requestsAreNumberedByTheLog() throws {
        let dir = TemporaryDirectory()
        let log = try EventLog(directory: dir.url("store"))
        try log.append([request("a.x", 10, 0, at: t0), request("a.y", 5, 0, at: t0)])
        let third = try log.append([request("a.z", 7, 0, at: t0.adding(hours: 1))])
        guard case .approvalRequested(let numbered) = third.first?.event else { Issue.record("no request appended"); return }
        #expect(numbered.number == 3)
        #expect(try log.approvals().pending.map(\.number) == [1, 2, 3])
        try log.replay()
        #expect(try log.approvals().pending.map(\.number) == [1, 2, 3])
        #expect(try log.replayCheck() == nil)
    }

    /// A newer request for the same metric supersedes the pending one; a decision settles a request once.
    @Test func newerRequestSupersedesAndDecisionSettles() throws {
        let dir = TemporaryDirectory()
        let log = try EventLog(directory: dir.url("store"))
        try log.append([request("a.x", 10, 0, at: t0), request("a.y", 5, 0, at: t0)])
        try log.append([request("a.x", 10, 3, at: t0.adding(hours: 1))])
        try log.append([reject(2, "a.y", at: t0.adding(hours: 2)), grant(2, "a.y", at: t0.adding(hours: 3))])
        let approvals = try log.approvals()
        #expect(approvals.records[1]?.status == .superseded(by: 3))
        guard case .rejected(let decision) = approvals.records[2]?.status else { Issue.record("request 2 not rejected"); return }
        #expect(decision.decision.reviewer == "lead")
        #expect(approvals.pending.map(\.number) == [3])
        #expect(approvals.latest(for: "a.x")?.number == 3)
        #expect(approvals == Approvals(replaying: try log.entries()))
        #expect(try log.replayCheck() == nil)
    }

    /// Random logs with approval events among the others: the stored projection equals the reference fold,
    /// incrementally and after a replay.
    @Test(arguments: [4, 19, 47])
    func storedApprovalsEqualReferenceFold(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        var events = EventFactory.random(count: 300, metrics: 3, seed: seed)
        for i in stride(from: 0, to: events.count, by: 7) {
            let base = events[i]
            let metric = base.event.metric ?? "cat0.m0"
            let time = base.observed
            let event: LoggedEvent = switch Int.random(in: 0..<3, using: &g) {
            case 0: request(metric, Int64.random(in: 1...100, using: &g), 0, at: time)
            case 1: grant(UInt32.random(in: 1...12, using: &g), metric, at: time, applied: Bool.random(using: &g))
            default: reject(UInt32.random(in: 1...12, using: &g), metric, at: time)
            }
            events.insert(event, at: i)
        }
        let dir = TemporaryDirectory()
        let log = try EventLog(directory: dir.url("store"))
        var index = 0
        while index < events.count {
            let size = Int.random(in: 1...30, using: &g)
            try log.append(Array(events[index..<min(index + size, events.count)]))
            index += size
        }
        #expect(try log.replayCheck() == nil)
        let incremental = try log.approvals()
        #expect(incremental == Projections(replaying: try log.entries()).approvals)
        #expect(!incremental.records.isEmpty)
        try log.replay()
        #expect(try log.approvals() == incremental)
    }

    /// A decision on a pending request appends; deciding again, an unknown number or a stale request throws
    /// `ApprovalError` and appends nothing.
    @Test func decideChecksInsideTheTransaction() throws {
        let dir = TemporaryDirectory()
        let log = try EventLog(directory: dir.url("store"))
        try log.append([EventFactory.baseline("a.x", .integer(10), at: t0), EventFactory.measured("a.x", .integer(0), at: t0.adding(hours: 1)),
                        request("a.x", 10, 0, at: t0.adding(hours: 1)),
                        EventFactory.baseline("a.y", .integer(5), at: t0), EventFactory.measured("a.y", .integer(0), at: t0.adding(hours: 1)),
                        request("a.y", 5, 0, at: t0.adding(hours: 1))])
        let t2 = t0.adding(hours: 2)
        try log.decide(1, [grant(1, "a.x", at: t2), EventFactory.baseline("a.x", .integer(0), previous: .integer(10), at: t2, reason: .approval)])
        let before = try log.lastSeq()
        let twice = #expect(throws: ApprovalError.self) { try log.decide(1, [reject(1, "a.x", at: t2)]) }
        #expect(twice?.code == .alreadyDecided)
        let unknown = #expect(throws: ApprovalError.self) { try log.decide(9, [reject(9, "a.x", at: t2)]) }
        #expect(unknown?.code == .unknownRequest)
        #expect(unknown?.message == "No approval request #9 (requests are numbered 1 to 2)")
        try log.append([EventFactory.measured("a.y", .integer(4), at: t0.adding(hours: 3))])
        let stale = #expect(throws: ApprovalError.self) { try log.decide(2, [grant(2, "a.y", at: t2)]) }
        #expect(stale?.code == .stale)
        #expect(try log.lastSeq() == before + 1)
        #expect(try log.currentStates()["a.x"]?.baseline?.value == .integer(0))
        #expect(try log.currentStates()["a.x"]?.baseline?.reason == .approval)
    }

    /// A store that never held a request reads as having none, read-only too.
    @Test func storeWithoutRequestsReadsEmpty() throws {
        let dir = TemporaryDirectory()
        try EventLog(directory: dir.url("store")).append([EventFactory.measured("a.x", .integer(1), at: t0)])
        let reader = try EventLog(directory: dir.url("store"), readOnly: true)
        #expect(try reader.approvals().records.isEmpty)
        #expect(try reader.replayCheck() == nil)
    }
}
