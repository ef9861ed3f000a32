import LMDB

/// The named databases of the store and what each holds.
///
/// See ARCHITECTURE.md, "LMDB layout", for the key and value formats.
enum Layout {
    /// seq (u64 BE) → encoded event record.
    static let events = "events"
    /// metric | 0 | observed | seq → event kind (u8): every event that touched a metric.
    static let byMetric = "by_metric"
    /// observed | seq → empty.
    static let byTime = "by_time"
    /// event id (16 bytes) → seq: makes import idempotent.
    static let byID = "by_id"
    /// metric → MetricState: baseline and last attempt.
    static let current = "p_current"
    /// metric | 0 | day → that day's points in (observed, seq) order: the trend series, and the daily
    /// projection (a day's value is the last point of its bucket).
    static let trend = "p_trend"
    /// metric | 0 | observed | seq → baseline record: every baseline a metric has had.
    static let baselines = "p_baselines"
    /// key → cached value, expiry, written time.
    static let cache = "p_cache"
    /// "schema" → u32; "projected" → u64 seq the projections are current to; "archived" → the archive checkpoint;
    /// "files" → the file stamps; "mark.NAME" → u64 marks. Each record sealed (`MetaRecord`).
    static let meta = "meta"

    static let projections = [current, trend, baselines, cache]
    static let indexes = [byMetric, byTime, byID]
    /// 2: projection records and the `projected` watermark carry a CRC32 of their key and value; 3: every record
    /// of `meta` does; 4: the checksum is CRC-32C (`RecordChecksum`).
    static let schemaVersion: UInt32 = 4
}

/// The handles of every database, opened once per transaction.
struct Handles {
    let events, byMetric, byTime, byID, current, trend, baselines, cache, meta: Database

    init(_ txn: Transaction) throws {
        events = try txn.require(Layout.events)
        byMetric = try txn.require(Layout.byMetric)
        byTime = try txn.require(Layout.byTime)
        byID = try txn.require(Layout.byID)
        current = try txn.require(Layout.current)
        trend = try txn.require(Layout.trend)
        baselines = try txn.require(Layout.baselines)
        cache = try txn.require(Layout.cache)
        meta = try txn.require(Layout.meta)
    }

    func projection(_ name: String) -> Database {
        switch name {
        case Layout.current: current
        case Layout.trend: trend
        case Layout.baselines: baselines
        default: cache
        }
    }
}
