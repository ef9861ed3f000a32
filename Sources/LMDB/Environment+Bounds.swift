import CLMDB
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a damaged file safely: the part of the map past the end of the file reads as zeros instead of
/// faulting, and every key and value handed out must lie inside the file.
///
/// liblmdb maps the whole map size but the file is shorter; a damaged page offset or record size makes it (or
/// a caller) read past the file's end, which raises SIGBUS. Only read-only environments are covered this way:
/// a writer may spill pages to the file mid-transaction and read them back, which a zero overlay would hide.
struct MapBounds {
    /// The map's address range, found in /proc/self/maps (liblmdb reports it only for `MDB_FIXEDMAP`).
    var start: UInt = 0
    var end: UInt = 0
    /// Bytes at the map's start that show the file; the rest is the zero overlay.
    var covered: UInt = 0

    /// Whether `count` bytes at `pointer` lie in the file part of the map, or outside the map altogether
    /// (pages a write transaction holds in memory).
    func contains(_ pointer: UnsafeRawPointer?, _ count: Int) -> Bool {
        guard end > start, let pointer else { return true }
        let address = UInt(bitPattern: pointer)
        guard address >= start, address < end else { return true }
        return UInt(count) <= start + covered - min(address, start + covered) && address < start + covered
    }
}

extension Environment {
    /// Finds the map and lays the zero overlay past the file's end (read-only environments only).
    func protectMap() {
        guard readOnly, let region = mapRegion() else { return }
        var bounds = MapBounds(start: region.start, end: region.end, covered: 0)
        bounds.covered = bounds.end - bounds.start
        shared.withLockedValue { $0.bounds = bounds }
        coverFile(overlayFrom: 0)
    }

    /// Maps the file's current length at the map's start and zeros after it; called as each transaction begins,
    /// so that pages a writer added since are seen.
    func coverFile(overlayFrom previous: UInt? = nil) {
        guard readOnly else { return }
        // Under the lock: transactions beginning on two threads remap one after the other.
        shared.withLockedValue { shared in
            guard var bounds = shared.bounds else { return }
            cover(&bounds, overlayFrom: previous)
            shared.bounds = bounds
        }
    }

    private func cover(_ bounds: inout MapBounds, overlayFrom previous: UInt?) {
        guard bounds.end > bounds.start else { return }
        var fd: Int32 = -1
        var info = stat()
        guard mdb_env_get_fd(handle, &fd) == 0, fstat(fd, &info) == 0 else { return }
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let size = min((UInt(info.st_size) + page - 1) / page * page, bounds.end - bounds.start)
        let from = previous ?? bounds.covered
        guard size != bounds.covered || previous != nil else { return }
        if size > from {
            // Pages a writer appended since: show the file there again.
            guard mmap(UnsafeMutableRawPointer(bitPattern: bounds.start + from), Int(size - from), PROT_READ, MAP_SHARED | MAP_FIXED, fd, off_t(from)) != MAP_FAILED else { return }
        }
        if bounds.end > bounds.start + size {
            guard mmap(UnsafeMutableRawPointer(bitPattern: bounds.start + size), Int(bounds.end - bounds.start - size), PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) != MAP_FAILED else { return }
        }
        bounds.covered = size
    }

    /// The address range of this environment's mapping of data.mdb.
    func mapRegion() -> (start: UInt, end: UInt)? {
        guard let maps = fopen("/proc/self/maps", "r") else { return nil }
        defer { fclose(maps) }
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let directory = realpath(path, &resolved) != nil ? cText(resolved) : path
        let file = directory + "/data.mdb"
        var line = [CChar](repeating: 0, count: 4096)
        var found: (start: UInt, end: UInt)?
        while fgets(&line, Int32(line.count), maps) != nil {
            let text = cText(line)
            let trimmed = text.hasSuffix("\n") ? String(text.dropLast()) : text
            guard trimmed.hasSuffix(file) || trimmed.hasSuffix(file + " (deleted)") else { continue }
            let range = trimmed.prefix { $0 != " " }.split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16), end > start else { continue }
            found = (min(found?.start ?? start, start), max(found?.end ?? end, end))
        }
        return found
    }
}

extension Environment {
    /// Throws `MDB_CORRUPTED` when a key or value liblmdb handed out runs past the end of the file.
    @inline(__always)
    func checkInside(_ value: MDB_val, _ function: String) throws(LMDBError) {
        guard readOnly, let bounds = shared.withLockedValue({ $0.bounds }), !bounds.contains(value.mv_data, value.mv_size) else { return }
        throw LMDBError(code: MDB_CORRUPTED, function: function)
    }
}
