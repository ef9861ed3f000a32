import Foundation

/// What sources keep between runs, by key: read from the log's cache before a run; whatever a source stores during
/// the run becomes a `cacheWritten` event of that run, so it is replayed, audited and cleared like any cache entry.
///
/// The `git` source keeps the commit times behind each of its metrics here, valid while the repository's refs stay
/// the same.
public final class SourceCache: @unchecked Sendable {
    // @unchecked: `previous` and `stored` are only touched while holding `lock`.
    private let lock = NSLock()
    private var previous: [String: String]
    private var stored: [String: String] = [:]

    /// A cache holding `previous`: the active entries of earlier runs.
    public init(_ previous: [String: String] = [:]) {
        self.previous = previous
    }

    /// Replaces what earlier runs stored with `entries`.
    public func restore(_ entries: [String: String]) {
        lock.lock()
        defer { lock.unlock() }
        previous = entries
    }

    /// The value an earlier run stored under `key`, while its entry is active.
    public func value(_ key: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return previous[key]
    }

    /// Stores `value` under `key`, to be written with the run's events.
    public func store(_ key: String, _ value: String) {
        lock.lock()
        defer { lock.unlock() }
        stored[key] = value
    }

    /// What this run stored, by key.
    public var written: [String: String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
