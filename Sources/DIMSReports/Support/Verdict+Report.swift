import DIMSCore

extension Verdict {
    /// The status a report shows: `ok`, `drifted`, `changed`, `new` or `error`.
    var statusName: String {
        switch self {
        case .ok: "ok"
        case .drifted: "drifted"
        case .changed: "changed"
        case .new: "new"
        case .error: "error"
        }
    }

    /// The failure's reason, for an error.
    var errorReason: String? {
        if case .error(let reason) = self { return reason }
        return nil
    }
}

extension InventoryReport.Row {
    /// Whether this is a numeric drift of high or critical severity, marked red rather than amber.
    var isSevere: Bool {
        guard case .drifted = verdict else { return false }
        return severity >= .high
    }

    /// The change from the baseline, absolute and relative: `+40 (+3.2%)`; nil when there is none to show.
    var changeText: String? {
        guard case .drifted(_, let delta, let percent) = verdict else { return nil }
        let absolute = NumberText.signed(delta, decimals: NumberText.decimals(value, baseline))
        guard let percent else { return absolute }
        return "\(absolute) (\(NumberText.percent(percent)))"
    }

    /// The rows' categories in order of first appearance, each with its rows.
    static func grouped(_ rows: [Self]) -> [(category: String, rows: [Self])] {
        var order: [String] = []
        var groups: [String: [Self]] = [:]
        for row in rows {
            let category = row.metric.category
            if groups[category] == nil { order.append(category) }
            groups[category, default: []].append(row)
        }
        return order.map { ($0, groups[$0]!) }
    }
}

extension DriftLevel {
    /// The level's name with a capital: `Minor`, `Critical`.
    var title: String {
        let name = description
        return name.prefix(1).uppercased() + name.dropFirst()
    }
}
