import PostgreSQL

/// Live updates: every append sends `NOTIFY dims_events` with the new last seq.
extension TeamStore {
    /// Starts listening for appends on this store's connection.
    public func listen() throws(TeamError) {
        try locked { try connection.listen(TeamSchema.channel) }
    }

    /// Waits up to `seconds` for an append to be announced; true when one was.
    public func waitForAppends(upTo seconds: Double) throws(TeamError) -> Bool {
        try locked { !(try connection.notifications(waitingUpTo: seconds)).isEmpty }
    }
}
