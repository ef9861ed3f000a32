public import DIMSCore
import LMDB

/// What `log verify` found.
public struct VerifyReport: Hashable, Sendable {
    public var events = 0
    public var firstSeq: UInt64 = 0
    public var lastSeq: UInt64 = 0
    /// Problems found, each naming the record or index entry, in seq order.
    public var problems: [String] = []
    public var isClean: Bool { problems.isEmpty }
}

/// What `log stats` reports.
public struct LogStats: Hashable, Sendable {
    public var events = 0
    public var byKind: [String: Int] = [:]
    public var firstSeq: UInt64 = 0
    public var lastSeq: UInt64 = 0
    public var firstObserved: Timestamp?
    public var lastObserved: Timestamp?
    public var firstRecorded: Timestamp?
    public var lastRecorded: Timestamp?
    public var metrics = 0
    public var bytesOnDisk = 0
    public var bytesUsed = 0

    public init() {}
}

extension EventLog {
    // MARK: - Replay

    /// Drops every projection and rebuilds it from the first event, in one transaction. Returns the number of events folded.
    ///
    /// A log with archived events folds the archives in `archives` (a folder) first; without it, such a log throws.
    @discardableResult
    public func replay(archives: String? = nil) throws(StoreError) -> (events: Int, skipped: Int) {
        let archived = try self.archives(in: archives, for: "replay the log")
        if checked { try checkStructure(only: [Layout.events]) }
        return try wrap("replay the log") {
            try write { txn, h in
                for name in Layout.projections { try txn.empty(h.projection(name)) }
                try txn.empty(try txn.require(Layout.approvals))
                let writer = ProjectionWriter(txn: txn, handles: h)
                var count = 0
                var last: UInt64 = 0
                try archived?.forEach { event in
                    try writer.apply(event)
                    (count, last) = (count + 1, event.seq)
                    if writer.pendingPoints >= 200_000 { try writer.flush() }
                }
                try txn.withCursor(h.events) { cursor in
                    var previous: UInt64?
                    for (key, value) in cursor.entries() {
                        last = try Keys.seq(of: key, after: previous)
                        previous = last
                        try writer.apply(try EventCodec.decode(value, seq: last))
                        count += 1
                        if writer.pendingPoints >= 200_000 { try writer.flush() }
                        if count % 32_768 == 0 { env.releaseMappedPages() }
                    }
                }
                try writer.flush()
                try setProjected(last, txn, h)
                return (count, writer.skipped)
            }
        }
    }

    /// Folds the whole log in memory and compares with the stored projections; nil when they match,
    /// else the first differing key as `projection key`.
    public func replayCheck(archives: String? = nil) throws(StoreError) -> String? {
        let archived = try self.archives(in: archives, for: "check the projections")
        return try wrap("check the projections") {
            var reference = Projections()
            try archived?.forEach { reference.apply($0) }
            try scan { reference.apply($0); return true }
            for key in reference.trend.keys { reference.trend[key]!.sortByPosition() }
            for key in reference.baselines.keys { reference.baselines[key]!.sortByPosition() }
            return try read { txn, h in try firstDifference(reference, txn, h) }
        }
    }

    private func firstDifference(_ reference: Projections, _ txn: Transaction, _ h: Handles) throws -> String? {
        let stored = try currentStates()
        for metric in Set(stored.keys).union(reference.current.keys).sorted() where stored[metric] != reference.current[metric] {
            return "\(Layout.current) \(metric)"
        }
        var storedTrend: [MetricPath: [Point]] = [:]
        var storedDaily: [Day: [MetricPath: Point]] = [:]
        try txn.withCursor(h.trend) { cursor in
            for (key, value) in cursor.entries() {
                let (metric, day) = Keys.splitMetricDay(key)
                guard let points = ProjectionCodec.decodeBucket(try body(value, key: key, in: Layout.trend)) else {
                    throw StoreError(code: .corruptRecord, message: "The trend bucket of '\(metric)' for \(day) cannot be read")
                }
                storedTrend[metric, default: []] += points
                storedDaily[day, default: [:]][metric] = points.last
            }
        }
        for metric in Set(storedTrend.keys).union(reference.trend.keys).sorted() where storedTrend[metric] != reference.trend[metric] {
            return "\(Layout.trend) \(metric)"
        }
        var storedBaselines: [MetricPath: [BaselineRecord]] = [:]
        try txn.withCursor(h.baselines) { cursor in
            for (key, value) in cursor.entries() {
                let (metric, _, _) = Keys.splitMetricTime(key)
                var r = ByteReader(try body(value, key: key, in: Layout.baselines))
                guard let b = ProjectionCodec.decodeBaseline(&r) else { throw StoreError(code: .corruptRecord, message: "A baseline of '\(metric)' cannot be read") }
                storedBaselines[metric, default: []].append(b)
            }
        }
        for metric in Set(storedBaselines.keys).union(reference.baselines.keys).sorted() where storedBaselines[metric] != reference.baselines[metric] {
            return "\(Layout.baselines) \(metric)"
        }
        for day in Set(storedDaily.keys).union(reference.daily.keys).sorted() where storedDaily[day] != reference.daily[day] {
            let metrics = Set(storedDaily[day]?.keys ?? [:].keys).union(reference.daily[day]?.keys ?? [:].keys)
            let metric = metrics.sorted().first { storedDaily[day]?[$0] != reference.daily[day]?[$0] }
            return "daily \(day) \(metric.map(\.rawValue) ?? "")"
        }
        let storedCache = try cacheEntries()
        for key in Set(storedCache.keys).union(reference.cache.keys).sorted() where storedCache[key] != reference.cache[key] {
            return "\(Layout.cache) \(key)"
        }
        if let difference = try approvalDifference(reference.approvals, txn) { return difference }
        return nil
    }

    // MARK: - Verify and stats

    /// Checks every record's CRC, the gapless sequence, and that the indexes match the events.
    /// A damaged record is reported by seq and the scan goes on.
    ///
    /// `progress` is told where the walk is (every 1,024 events and at each database), so that a process watching
    /// one that liblmdb made fault can say where it died.
    public func verify(progress: (String) -> Void = { _ in }) throws(StoreError) -> VerifyReport {
        try wrap("verify the log") {
            try read { txn, h in
                var report = VerifyReport()
                var expected: UInt64 = 0
                var metricEntries = 0
                try txn.withCursor(h.events) { cursor in
                    for (key, value) in cursor.entries() {
                        guard key.count == 8 else {
                            report.problems.append("The key '\(ProjectionRecord.describe(key))' of 'events' has \(key.count) bytes instead of 8: the page is damaged")
                            continue
                        }
                        let seq = key.u64be(at: 0)
                        if report.events == 0 {
                            report.firstSeq = seq
                        } else if seq < expected {
                            // A damaged key (this one or the one before) breaks the order the keys were written in.
                            report.problems.append("Event \(seq) follows event \(report.lastSeq): a key is damaged")
                        } else if seq != expected {
                            report.problems.append("Events \(expected)...\(seq - 1) are missing: the sequence has a gap")
                        }
                        expected = seq &+ 1
                        if report.events % 1024 == 0 { progress("'events' after event \(report.lastSeq)") }
                        report.lastSeq = seq
                        report.events += 1
                        do {
                            let event = try EventCodec.decode(value, seq: seq)
                            if let stored = try txn.get(Keys.id(event.id), in: h.byID), stored != Keys.seq(seq) {
                                report.problems.append("Event \(seq): the id index points to another event")
                            } else if try txn.get(Keys.id(event.id), in: h.byID) == nil {
                                report.problems.append("Event \(seq): missing from the id index")
                            }
                            if try txn.get(Keys.timeSeq(event.observed, seq), in: h.byTime) == nil {
                                report.problems.append("Event \(seq): missing from the time index")
                            }
                            if let metric = event.event.metric {
                                metricEntries += 1
                                if try txn.get(Keys.metricTime(metric, event.observed, seq), in: h.byMetric) == nil {
                                    report.problems.append("Event \(seq): missing from the metric index")
                                }
                            }
                        } catch let error as StoreError {
                            report.problems.append(error.message)
                        }
                    }
                }
                progress("the projections")
                report.problems += try projectionProblems(txn, h, lastSeq: report.events > 0 ? report.lastSeq : archivedThrough(txn, h))
                let timeCount = try txn.count(h.byTime), metricCount = try txn.count(h.byMetric), idCount = try txn.count(h.byID)
                let archived = try archiveCheckpoint(txn, h.meta)
                if report.events > 0, report.firstSeq != archived.through + 1 {
                    report.problems.append("The log starts at event \(report.firstSeq), but events before it are neither live nor archived (archives end at \(archived.through))")
                }
                if timeCount > report.events { report.problems.append("The time index has \(timeCount - report.events) entries for no event") }
                // The id index keeps archived events' ids, so that importing them again adds nothing.
                if idCount > report.events + archived.count { report.problems.append("The id index has \(idCount - report.events - archived.count) entries for no event") }
                if metricCount > metricEntries, report.problems.isEmpty {
                    report.problems.append("The metric index has \(metricCount - metricEntries) entries for no event")
                }
                return report
            }
        }
    }

    private func archivedThrough(_ txn: Transaction, _ h: Handles) throws -> UInt64 { try archiveCheckpoint(txn, h.meta).through }

    /// Every projection record whose checksum or encoding fails, by database and key, and a projected
    /// watermark that is damaged or does not reach `lastSeq`.
    func projectionProblems(_ txn: Transaction, _ h: Handles, lastSeq: UInt64) throws -> [String] {
        guard sealedProjections else { return [] }
        var problems: [String] = []
        for name in Layout.projections + [Layout.approvals] {
            guard let db = name == Layout.approvals ? try txn.database(name) : h.projection(name) else { continue }
            try txn.withCursor(db) { cursor in
                var previous: [UInt8]?
                for (key, value) in cursor.entries() {
                    if let previous, !previous.lexicographicallyPrecedes(key) {
                        problems.append("The keys of '\(name)' are out of order at '\(ProjectionRecord.describe(key))': the database is damaged")
                    }
                    previous = Array(key)
                    if let body = ProjectionRecord.open(value, key: key, checksum) {
                        if name != Layout.approvals, !ProjectionCodec.decodes(body, in: name) {
                            problems.append("The record '\(ProjectionRecord.describe(key))' of '\(name)' cannot be decoded")
                        }
                    } else {
                        problems.append(ProjectionRecord.damaged(name, key).message)
                    }
                }
            }
        }
        let key = MetaRecord.projected
        let projected: UInt64? = try key.withUnsafeBytes { k in
            try txn.get(k, in: h.meta).map { value in
                guard let body = ProjectionRecord.open(value, key: k, checksum), body.count == 8 else { return .max }
                return body.loadUnaligned(as: UInt64.self).littleEndian
            }
        }
        if sealedMeta {
            do {
                _ = try MetaRecord.schemaVersion(txn, h.meta, in: directory)
                if let key = try MetaRecord.damagedKey(txn, h.meta, checksum), !key.elementsEqual(MetaRecord.projected) {
                    problems.append(key.withUnsafeBytes { ProjectionRecord.damaged(Layout.meta, $0).message })
                }
            } catch let error as StoreError {
                problems.append(error.message)
            }
        }
        if projected == .max {
            problems.append("The projection watermark 'meta projected' is damaged: its checksum does not match")
        } else if lastSeq > 0, projected != lastSeq {
            problems.append("The projections are current to event \(projected ?? 0), but the log ends at event \(lastSeq)")
        }
        return problems
    }

    /// Counts by kind, size and span of the log.
    public func stats() throws(StoreError) -> LogStats {
        var stats = LogStats()
        try wrap("read the log") {
            try scan { event in
                if stats.events == 0 {
                    stats.firstSeq = event.seq
                    stats.firstRecorded = event.recorded
                }
                stats.events += 1
                stats.lastSeq = event.seq
                stats.byKind[event.event.kindName, default: 0] += 1
                stats.firstObserved = min(stats.firstObserved ?? event.observed, event.observed)
                stats.lastObserved = max(stats.lastObserved ?? event.observed, event.observed)
                stats.lastRecorded = max(stats.lastRecorded ?? event.recorded, event.recorded)
                return true
            }
            stats.metrics = try currentStates().count
        }
        stats.bytesOnDisk = sizeOnDisk
        stats.bytesUsed = env.usedBytes
        return stats
    }
}
