import NIOConcurrencyHelpers

/// What sources keep between runs, by key: read from the log's cache before a run; whatever a source stores during
/// the run becomes a `cacheWritten` event of that run, so it is replayed, audited and cleared like any cache entry.
///
/// The `git` source keeps the commit times behind each of its metrics here, valid while the repository's refs stay
/// the same.
public final class SourceCache: Sendable {
    private struct State {
        var previous: [String: String]
        var stored: [String: String] = [:]
    }

    private let state: NIOLockedValueBox<State>

    /// A cache holding `previous`: the active entries of earlier runs.
    public init(_ previous: [String: String] = [:]) {
        state = NIOLockedValueBox(State(previous: previous))
    }

    /// Replaces what earlier runs stored with `entries`.
    public func restore(_ entries: [String: String]) {
        state.withLockedValue { $0.previous = entries }
    }

    /// The value an earlier run stored under `key`, while its entry is active.
    public func value(_ key: String) -> String? {
        state.withLockedValue { $0.previous[key] }
    }

    /// Stores `value` under `key`, to be written with the run's events.
    public func store(_ key: String, _ value: String) {
        state.withLockedValue { $0.stored[key] = value }
    }

    /// What this run stored, by key.
    public var written: [String: String] {
        state.withLockedValue { $0.stored }
    }
}
