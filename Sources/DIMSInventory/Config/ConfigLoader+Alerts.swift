import DIMSCore

/// `alerts:` and `events:` of the config.
extension ConfigLoader {
    static func alerts(_ section: YAMLEntry, reader: ConfigReader) throws(InventoryFileError) -> AlertSettings {
        var settings = AlertSettings()
        for entry in try reader.map(section, key: "alerts") {
            switch entry.key {
            case "enabled": settings.enabled = try reader.bool(entry, key: "alerts.enabled") ?? settings.enabled
            case "channels":
                for (index, item) in try items(entry, key: "alerts.channels", reader: reader).enumerated() {
                    let channel = try channel(item, key: "alerts.channels[\(index)]", reader: reader)
                    if settings.channels.contains(where: { $0.name == channel.name }) {
                        throw reader.error(item.line, "alerts.channels[\(index)].name", "Channel name '\(channel.name)' is used twice")
                    }
                    settings.channels.append(channel)
                }
            default: continue
            }
        }
        return settings
    }

    static func events(_ section: YAMLEntry, reader: ConfigReader) throws(InventoryFileError) -> EventSettings {
        var settings = EventSettings()
        for entry in try reader.map(section, key: "events") {
            let key = "events.\(entry.key)"
            switch entry.key {
            case "enabled": settings.enabled = try reader.bool(entry, key: key) ?? settings.enabled
            case "hooks_dir": settings.hooksDir = try reader.string(entry, key: key)
            case "cooldown_seconds": settings.cooldownSeconds = try positive(entry, key: key, reader: reader, orZero: true) ?? settings.cooldownSeconds
            case "hooks":
                for (index, item) in try items(entry, key: key, reader: reader).enumerated() {
                    let hook = try hook(item, key: "events.hooks[\(index)]", reader: reader)
                    if settings.hooks.contains(where: { $0.name == hook.name }) {
                        throw reader.error(item.line, "events.hooks[\(index)].name", "Hook name '\(hook.name)' is used twice")
                    }
                    settings.hooks.append(hook)
                }
            default: continue
            }
        }
        return settings
    }

    // MARK: - Items

    private static func channel(_ node: YAMLNode, key: String, reader: ConfigReader) throws(InventoryFileError) -> AlertChannel {
        var name: String?, kind: AlertChannel.Kind?, url: String?, command: String?, minLevel = AlertLevel.major
        var metrics: [String] = [], repeatAfter: Double?, timeout = 10.0, attempts = 3
        for entry in try reader.map(node, key: key, line: node.line) {
            let field = "\(key).\(entry.key)"
            switch entry.key {
            case "name": name = try reader.string(entry, key: field)
            case "type":
                let text = try reader.string(entry, key: field) ?? ""
                guard let value = AlertChannel.Kind(rawValue: text) else {
                    throw reader.error(entry.line, field, "'\(field)' must be slack, webhook or command, not '\(text)'")
                }
                kind = value
            case "url": url = try reader.string(entry, key: field)
            case "command": command = try reader.string(entry, key: field)
            case "min_level":
                let text = try reader.string(entry, key: field) ?? ""
                guard let level = AlertLevel(name: text) else {
                    throw reader.error(entry.line, field, "'\(field)' must be moderate, major, critical, error or approval, not '\(text)'")
                }
                minLevel = level
            case "metrics": metrics = try reader.strings(entry, key: field)
            case "repeat_after_hours": repeatAfter = try positive(entry, key: field, reader: reader)
            case "timeout_seconds": timeout = try positive(entry, key: field, reader: reader) ?? timeout
            case "attempts": attempts = try reader.integer(entry, key: field, minimum: 1) ?? attempts
            default: continue
            }
        }
        guard let name, !name.isEmpty else { throw reader.error(node.line, "\(key).name", "'\(key)' needs a 'name'") }
        guard let kind else { throw reader.error(node.line, "\(key).type", "Channel '\(name)' needs a 'type': slack, webhook or command") }
        switch kind {
        case .slack, .webhook:
            guard let url, !url.isEmpty else { throw reader.error(node.line, "\(key).url", "Channel '\(name)' needs a 'url', e.g. \"${SLACK_WEBHOOK_URL}\"") }
        case .command:
            guard let command, !command.isEmpty else { throw reader.error(node.line, "\(key).command", "Channel '\(name)' needs a 'command'") }
        }
        return AlertChannel(name: name, kind: kind, url: url, command: command, minLevel: minLevel, metrics: metrics,
                            repeatAfterHours: repeatAfter, timeoutSeconds: timeout, attempts: attempts)
    }

    private static func hook(_ node: YAMLNode, key: String, reader: ConfigReader) throws(InventoryFileError) -> Hook {
        var name: String?, trigger: Hook.Trigger?, schedule: CronSchedule?, metrics: [String] = []
        for entry in try reader.map(node, key: key, line: node.line) {
            let field = "\(key).\(entry.key)"
            switch entry.key {
            case "name": name = try reader.string(entry, key: field)
            case "trigger":
                let text = try reader.string(entry, key: field) ?? ""
                guard let value = Hook.Trigger(rawValue: text) else {
                    throw reader.error(entry.line, field, "'\(field)' must be post-commit, s3_event, scraper_complete or cron, not '\(text)'")
                }
                trigger = value
            case "schedule":
                let text = try reader.string(entry, key: field) ?? ""
                do {
                    schedule = try CronSchedule(text)
                } catch {
                    throw reader.error(entry.line, field, error.message)
                }
            case "metrics": metrics = try reader.strings(entry, key: field)
            default: continue
            }
        }
        guard let name, !name.isEmpty else { throw reader.error(node.line, "\(key).name", "'\(key)' needs a 'name'") }
        guard let trigger else {
            throw reader.error(node.line, "\(key).trigger", "Hook '\(name)' needs a 'trigger': post-commit, s3_event, scraper_complete or cron")
        }
        if trigger == .cron, schedule == nil {
            throw reader.error(node.line, "\(key).schedule", "Hook '\(name)' is a cron hook and needs a 'schedule', e.g. \"0 2 * * *\"")
        }
        return Hook(name: name, trigger: trigger, schedule: schedule, metrics: metrics)
    }

    /// The items of a list; an empty value counts as an empty list.
    private static func items(_ entry: YAMLEntry, key: String, reader: ConfigReader) throws(InventoryFileError) -> [YAMLNode] {
        switch entry.node.kind {
        case .scalar(.null): return []
        case .list(let items): return items
        default: throw reader.error(entry.line, key, "'\(key)' must be a list, not \(entry.node.shape)")
        }
    }
}
