import DIMSSystem

/// The store's face of `DIMSSystem.AtomicWriter`: the same writes, failing with a `StoreError` (`.io`).
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(StoreError) {
        do {
            try AtomicWriter.write(bytes, to: path)
        } catch {
            throw StoreError(code: .io, message: error.message)
        }
    }

    public static func write(_ text: String, to path: String) throws(StoreError) {
        try write(Array(text.utf8), to: path)
    }

    /// Removes the temp files that killed writers left in `directories` (see `AtomicWriter.removeStale`).
    @discardableResult
    public static func removeStale(in directories: [String]) -> [String] {
        AtomicWriter.removeStale(in: directories)
    }
}
