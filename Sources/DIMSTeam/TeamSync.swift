public import DIMSCore
public import DIMSStore

/// Moves events between a machine's LMDB log and the team log, by id, keeping their actors and times.
///
/// Two marks in the local log's meta say how far it went, per server log: `pushed` (local seq: every local event
/// up to it is on the server) and `pulled` (server seq: every server event up to it is in the local log). A push
/// or pull interrupted anywhere leaves marks behind the truth, never ahead: the next one sends or fetches again,
/// and both sides skip ids they hold.
public struct TeamSync: Sendable {
    public let local: EventLog
    public let remote: TeamStore
    /// The folder of the local log's yearly archives, so that events archived before they were pushed are sent from there.
    public let archives: String?
    let batch: Int

    public init(local: EventLog, remote: TeamStore, archives: String? = nil, batch: Int = 10_000) {
        self.local = local
        self.remote = remote
        self.archives = archives
        self.batch = batch
    }

    var pushedMark: String { "team.\(remote.logID).pushed" }
    var pulledMark: String { "team.\(remote.logID).pulled" }

    /// Local events not yet pushed.
    public func pending() throws -> UInt64 {
        try local.lastSeq() - min(try local.lastSeq(), try local.mark(pushedMark) ?? 0)
    }

    /// Sends every local event after the pushed mark; returns how many the server did not hold yet.
    ///
    /// Events archived before they were pushed (`dims archive` while the server was away) are read back from the archives.
    @discardableResult
    public func push() throws -> Int {
        var added = 0
        var from = (try local.mark(pushedMark) ?? 0) + 1
        if from <= (try local.archiveCheckpoint().through), let archived = try local.archives(in: archives, for: "push archived events to the team log") {
            var page: [LoggedEvent] = []
            try archived.forEach { event in
                guard event.seq >= from else { return }
                page.append(event)
                if page.count == batch { added += try send(&page) }
            }
            added += try send(&page)
            from = archived.checkpoint.through + 1
        }
        while true {
            var page: [LoggedEvent] = []
            try local.scan(from: from) { event in
                page.append(event)
                return page.count < batch
            }
            guard let through = page.last?.seq else { return added }
            added += try send(&page)
            from = through + 1
        }
    }

    /// Appends `page` (consecutive local events) to the server and moves the pushed mark past it; empties `page`.
    private func send(_ page: inout [LoggedEvent]) throws -> Int {
        guard let through = page.last?.seq else { return 0 }
        let added = try remote.append(page.map { var event = $0; event.seq = 0; return event }).count
        let mark = pushedMark
        try local.updateMarks([mark]) { $0[mark] = max($0[mark] ?? 0, through) }
        page.removeAll(keepingCapacity: true)
        return added
    }

    /// Appends the server's events after the pulled mark to the local log; returns those the local log did not hold.
    @discardableResult
    public func pull() throws -> [LoggedEvent] {
        var appended: [LoggedEvent] = []
        while true {
            let after = try local.mark(pulledMark) ?? 0
            let page = try remote.events(after: after, limit: batch)
            guard let through = page.last?.seq else { return appended }
            let added = try local.append(page.map { var event = $0; event.seq = 0; return event })
            let (pushed, pulled) = (pushedMark, pulledMark)
            try local.updateMarks([pushed, pulled]) { marks in
                marks[pulled] = max(marks[pulled] ?? 0, through)
                // Events just pulled are on the server: when every local event before them was pushed, so are they.
                if let first = added.first, let last = added.last, (marks[pushed] ?? 0) == first.seq - 1,
                   last.seq - first.seq + 1 == UInt64(added.count) {
                    marks[pushed] = last.seq
                }
            }
            appended += added
            // A short page is the server's end as of this query: asking again would be one more round trip for nothing.
            guard page.count == batch else { return appended }
        }
    }
}
