/// Iteration over a cursor: `for (key, value) in cursor.entries(from: start) { ... }`.
///
/// `Sequence` cannot throw, so an error of liblmdb (or a key or value outside the map) ends the iteration and is
/// kept in the cursor; `Transaction.withCursor` throws it when its body returns. The cursor is made only there,
/// so no error of an iteration is ever dropped.
extension Cursor {
    /// The entries from the first key at or after `start` (from the first key when nil), in key order.
    public func entries(from start: [UInt8]? = nil) -> Entries {
        Entries(cursor: self, start: start)
    }

    /// The entries whose key starts with `prefix`, in key order.
    public func entries(prefix: [UInt8]) -> Entries {
        Entries(cursor: self, start: prefix, prefix: prefix)
    }

    /// The entries from the last key at or before `start` down to the first, in reverse key order.
    public func entriesBackward(atOrBefore start: [UInt8]) -> Entries {
        Entries(cursor: self, start: start, backward: true)
    }

    /// The entries of a cursor in key order; moving the cursor (a seek, a delete) inside the loop moves the iteration too.
    public struct Entries: Sequence, IteratorProtocol {
        let cursor: Cursor
        let start: [UInt8]?
        let prefix: [UInt8]?
        let backward: Bool
        var started = false

        init(cursor: Cursor, start: [UInt8]?, prefix: [UInt8]? = nil, backward: Bool = false) {
            self.cursor = cursor
            self.start = start
            self.prefix = prefix
            self.backward = backward
        }

        public mutating func next() -> Entry? {
            guard cursor.failure == nil else { return nil }
            do {
                let entry: Entry?
                if started {
                    entry = try backward ? cursor.previous() : cursor.next()
                } else {
                    started = true
                    if backward {
                        entry = try start.map { try cursor.seekAtOrBefore($0) } ?? cursor.last()
                    } else {
                        entry = try start.map { try cursor.seek($0) } ?? cursor.first()
                    }
                }
                if let prefix, let key = entry?.key, !key.starts(with: prefix) { return nil }
                return entry
            } catch {
                cursor.failure = error
                return nil
            }
        }
    }
}
