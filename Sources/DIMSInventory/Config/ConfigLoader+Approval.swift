import DIMSCore

extension ConfigLoader {
    /// `approval: {enabled, critical_metrics, require_approval_threshold}`; other keys are kept but not read.
    static func approval(_ section: YAMLEntry, reader: ConfigReader) throws(InventoryFileError) -> ApprovalSettings {
        var settings = ApprovalSettings()
        for entry in try reader.map(section, key: "approval") {
            let key = "approval.\(entry.key)"
            switch entry.key {
            case "enabled": settings.enabled = try reader.bool(entry, key: key) ?? settings.enabled
            case "critical_metrics": settings.criticalMetrics = try reader.strings(entry, key: key).map { MetricPattern($0) }
            case "require_approval_threshold":
                guard let percent = try reader.number(entry, key: key) else { continue }
                guard percent >= 0 else {
                    throw reader.error(entry.line, key, "'\(key)' must be a percentage of 0 or more, not \(entry.node.shape)")
                }
                settings.threshold = percent
            default: continue
            }
        }
        return settings
    }
}
