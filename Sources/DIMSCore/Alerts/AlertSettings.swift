import Foundation

/// `alerts:` of the config: where alerts go and which ones each channel wants.
public struct AlertSettings: Hashable, Sendable {
    public var enabled: Bool
    public var channels: [AlertChannel]

    public init(enabled: Bool = false, channels: [AlertChannel] = []) {
        self.enabled = enabled
        self.channels = channels
    }

    public func channel(named name: String) -> AlertChannel? { channels.first { $0.name == name } }
}

/// One place alerts are sent, as configured.
public struct AlertChannel: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A Slack incoming webhook: `{"text": ...}` with the status lines.
        case slack
        /// A generic JSON POST.
        case webhook
        /// A shell command that reads the JSON on stdin.
        case command
    }

    public var name: String
    public var kind: Kind
    /// The URL as written, usually `${VAR}`: the secret itself is read from the environment when sending.
    public var url: String?
    public var command: String?
    public var minLevel: AlertLevel
    /// Metric path patterns (`s3_storage.*`); empty means every metric.
    public var metrics: [String]
    /// Remind while an alert stays firing, this many hours after the last one; nil never reminds.
    public var repeatAfterHours: Double?
    /// The longest one attempt may take.
    public var timeoutSeconds: Double
    /// Attempts per delivery run, with backoff between them.
    public var attempts: Int

    public init(name: String, kind: Kind, url: String? = nil, command: String? = nil, minLevel: AlertLevel = .major,
                metrics: [String] = [], repeatAfterHours: Double? = nil, timeoutSeconds: Double = 10, attempts: Int = 3) {
        self.name = name
        self.kind = kind
        self.url = url
        self.command = command
        self.minLevel = minLevel
        self.metrics = metrics
        self.repeatAfterHours = repeatAfterHours
        self.timeoutSeconds = timeoutSeconds
        self.attempts = attempts
    }

    /// What the repository chooses for this channel and the user must trust: its command, or its URL unless the URL
    /// is a single `${VAR}` (then the user's environment chooses it). A URL is shown redacted; nil when nothing needs trust.
    public var trustText: String? {
        switch kind {
        case .command: return command
        case .slack, .webhook:
            guard let url else { return nil }
            if url.hasPrefix("${"), url.hasSuffix("}"), !url.dropFirst(2).dropLast().contains(where: { "${}".contains($0) }) { return nil }
            return url.contains("${") ? url : AlertChannel.redact(url)
        }
    }

    /// The scheme, host and port of `url`, then `/…` when it has a path or query: a URL's path and query are secret
    /// (a Slack webhook's path is its token), so only this form is ever printed, logged or stored.
    public static func redact(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "…" }
        let afterScheme = url[schemeEnd.upperBound...]
        let hostEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        var authority = afterScheme[..<hostEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let hasMore = hostEnd != afterScheme.endIndex
        return url[..<schemeEnd.upperBound] + authority + (hasMore ? "/…" : "")
    }
}

/// `events:` of the config: the hooks that measure metrics when something happens.
public struct EventSettings: Hashable, Sendable {
    public var enabled: Bool
    /// Where `dims events install` writes the git hook; nil means the repository's own hooks folder.
    public var hooksDir: String?
    /// A trigger of the same type within this many seconds of the previous one is skipped.
    public var cooldownSeconds: Double
    public var hooks: [Hook]

    public init(enabled: Bool = false, hooksDir: String? = nil, cooldownSeconds: Double = 300, hooks: [Hook] = []) {
        self.enabled = enabled
        self.hooksDir = hooksDir
        self.cooldownSeconds = cooldownSeconds
        self.hooks = hooks
    }

    /// The hooks an event type names: by hook name or by trigger type.
    public func hooks(for type: String) -> [Hook] {
        hooks.filter { $0.name == type || $0.trigger.rawValue == type }
    }
}

/// One event hook: when it runs and what it measures.
public struct Hook: Hashable, Sendable {
    public enum Trigger: String, Hashable, Sendable, CaseIterable {
        case postCommit = "post-commit"
        case s3Event = "s3_event"
        case scraperComplete = "scraper_complete"
        case cron
    }

    public var name: String
    public var trigger: Trigger
    /// For `cron` hooks: when they are due.
    public var schedule: CronSchedule?
    /// Metric path patterns (`code_base.*`).
    public var metrics: [String]

    public init(name: String, trigger: Trigger, schedule: CronSchedule? = nil, metrics: [String]) {
        self.name = name
        self.trigger = trigger
        self.schedule = schedule
        self.metrics = metrics
    }
}
