public import DIMSCore
import DIMSSystem
import Foundation

/// Measures `files`, `lines`, `bytes`, `grep` and `age` metrics with one walk of each distinct folder.
///
/// Options: `paths` (default the project root), `include`, `exclude`, `require` (globs; `**` spans folders; a pattern
/// without `/` matches names, as `find -name`), `hidden` (default false), `follow_symlinks` (false, true as `find -L`,
/// or `files` for linked files only), `gitignore`, `missing` (`error`, `zero` or `skip`: a missing path counts nothing, or a value), `sets` (a list of file sets
/// whose results add up), `pattern`, `ignore_case` and `extended` for `grep`, `unit` (`hours` or `days`) for `age`.
///
/// `bytes` counts apparent size (the sum of regular files' sizes) by default; with `usage: disk` it counts
/// disk usage (allocated blocks, hard links once), and with no patterns also folders and links, as `du -s` does.
/// A walk stops after `timeout` seconds (the smallest of its metrics', 600 by default) and its metrics are errors.
/// Units are binary: `KB` is 1,024 bytes, `MB` 1,048,576 (`du -m` reports MiB); `rounding: up` rounds up to a whole unit, as `du` does.
public struct FileSystemSource: MetricSource {
    public var kinds: Set<SourceKind> { SourceKind.fileSystem }
    /// The longest a walk may take, in seconds, unless a metric's `timeout` says less.
    public static let defaultTimeout = 600.0
    /// How many threads read files for `lines` and `grep`; nil for one per core.
    public var readers: Int?

    public init(readers: Int? = nil) {
        self.readers = readers
    }

    public func measure(_ specs: [MetricSpec], context: ProbeContext) async -> [MetricPath: ProbeResult] {
        let readers = readers ?? POSIX.processorCount
        return await BlockingPool.shared.run { FileSystemRun(context: context, workers: readers).run(specs) }
    }
}
