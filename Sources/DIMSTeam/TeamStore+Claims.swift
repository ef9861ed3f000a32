public import DIMSCore
import PostgreSQL

/// Claims: things only one machine of the team may do (send an alert, decide an approval request).
extension TeamStore {
    /// Who holds a claim: the event that took it and its actor.
    public struct Claim: Hashable, Sendable {
        public var holder: String
        public var actor: String
    }

    /// Takes the claim `key` for the event `holder` of `actor` unless someone holds it; returns who holds it now.
    ///
    /// The insert is one statement on a unique key, so of machines claiming the same key at once exactly one gets
    /// it; the caller holds the claim when the answer names its own actor (a retry of an attempt that ended early
    /// finds its own claim).
    public func claim(_ key: String, holder: EventID, actor: String) throws -> Claim {
        try locked {
            try connection.execute("INSERT INTO dims_claims (key, holder, actor) VALUES ($1, $2::uuid, $3) ON CONFLICT (key) DO NOTHING",
                                   [key, holder.description, actor])
            let row = try connection.execute("SELECT holder::text, actor FROM dims_claims WHERE key = $1", [key])
            return Claim(holder: row.string(0, 0) ?? "", actor: row.string(0, 1) ?? "")
        }
    }
}
