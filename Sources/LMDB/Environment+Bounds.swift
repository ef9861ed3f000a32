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

extension Environment.Core {
    /// Finds the map and lays the zero overlay past the file's end (read-only cores only).
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

    /// The address range of this core's map: the mappings of its data file (by path and inode, so a file renamed
    /// over it is told apart) in `/proc/self/maps`, spanning the map's size.
    ///
    /// liblmdb reports the map's address only for `MDB_FIXEDMAP`. The core is the only one of its file in this
    /// process (`Core.open`), and its map is fresh here (just opened or remapped), so the mappings are its own.
    func mapRegion() -> (start: UInt, end: UInt)? {
        guard let maps = fopen("/proc/self/maps", "r") else { return nil }
        defer { fclose(maps) }
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let directory = realpath(path, &resolved) != nil ? cText(resolved) : path
        let file = Array((directory + "/data.mdb").utf8), deleted = Array(" (deleted)".utf8), inode = Array(String(self.file.inode).utf8)
        var line = [UInt8](repeating: 0, count: 4096)
        var start: UInt?
        // Parsed as bytes: a process has a few hundred mappings, and this runs as every reader opens.
        // A line: `start-end perms offset major:minor inode   path`.
        while line.withUnsafeMutableBytes({ fgets($0.baseAddress!.assumingMemoryBound(to: CChar.self), Int32($0.count), maps) }) != nil {
            var text = line[..<(line.firstIndex(of: 0) ?? line.count)]
            if text.last == UInt8(ascii: "\n") { text = text.dropLast() }
            if text.count > deleted.count, text.suffix(deleted.count).elementsEqual(deleted) { text = text.dropLast(deleted.count) }
            guard text.count >= file.count, text.suffix(file.count).elementsEqual(file) else { continue }
            let fields = text.split(separator: UInt8(ascii: " "), maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[4].elementsEqual(inode),
                  let dash = fields[0].firstIndex(of: UInt8(ascii: "-")), let low = Self.hex(fields[0][..<dash]) else { continue }
            start = min(start ?? low, low)
        }
        guard let start, info.me_mapsize > 0 else { return nil }
        return (start, start + UInt(info.me_mapsize))
    }

    /// A hexadecimal number of `/proc/self/maps` (lower-case digits, no prefix).
    private static func hex(_ digits: ArraySlice<UInt8>) -> UInt? {
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var value: UInt = 0
        for digit in digits {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt(digit - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = value << 4 | UInt(digit - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        return value
    }
}

extension Environment {
    /// Throws `MDB_CORRUPTED` when a key or value liblmdb handed out runs past the end of the file.
    @inline(__always)
    func checkInside(_ value: MDB_val, _ function: String) throws(LMDBError) {
        guard coreReadOnly, let bounds = shared.withLockedValue({ $0.bounds }), !bounds.contains(value.mv_data, value.mv_size) else { return }
        throw LMDBError(code: MDB_CORRUPTED, function: function)
    }
}
