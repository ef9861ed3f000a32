public import DIMSCore
import Foundation

/// The files of a project's `inventory/` folder.
public struct InventoryPaths: Hashable, Sendable {
    /// The project root: the folder that holds `inventory/`.
    public var root: String

    public init(root: String) { self.root = root }

    public var inventory: String { root + "/inventory" }
    public var config: String { inventory + "/config.yaml" }
    public var metrics: String { inventory + "/metrics.yaml" }
    public var historical: String { inventory + "/historical" }

    /// `inventory/historical/YYYY-MM-DD.yaml`.
    public func snapshot(for day: Day) -> String { historical + "/\(day).yaml" }

    /// Creates `inventory/historical/` when it is missing.
    public func makeHistoricalFolder() throws(InventoryFileError) {
        do {
            try FileManager.default.createDirectory(atPath: historical, withIntermediateDirectories: true)
        } catch {
            throw InventoryFileError(.unwritable, file: historical, "Cannot create the folder: \(InventoryFile.reason(error))")
        }
    }

    /// The days that have a snapshot file, oldest first; none when the folder is missing.
    public func snapshotDays() -> [Day] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: historical)) ?? []
        return names.compactMap { name in
            name.hasSuffix(".yaml") ? Day(String(name.dropLast(5))) : nil
        }.sorted()
    }
}
