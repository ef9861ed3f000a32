public import DIMSCore

/// One metric of `metrics.yaml`: its value, when it was verified, and every other key as written.
public struct MetricEntry: Sendable, Equatable {
    /// Every key of the metric's map in file order, `value` and `last_verified` included.
    public var fields: [(key: String, value: ConfigValue)]

    public init(fields: [(key: String, value: ConfigValue)] = []) {
        self.fields = fields
    }

    /// A key's value; setting nil removes the key, setting a new key appends it.
    public subscript(key: String) -> ConfigValue? {
        get { ConfigValue.value(key, in: fields) }
        set { ConfigValue.set(key, to: newValue, in: &fields) }
    }

    /// `value:`, nil when missing or null.
    public var value: Value? {
        get { self["value"].flatMap(Value.init(config:)) }
        set { self["value"] = newValue.map(ConfigValue.init(value:)) ?? (self["value"] == nil ? nil : .null) }
    }

    /// `last_verified:`, written as the original did (`2025-10-22T14:03:11.123456`, read as UTC).
    public var lastVerified: Timestamp? {
        get { self["last_verified"]?.string.flatMap(Timestamp.parse) }
        set { self["last_verified"] = newValue.map { .string(PythonFormat.isoformat($0)) } }
    }

    /// `verification_method:`, the command or source that measured the value.
    public var verificationMethod: String? {
        get { self["verification_method"]?.string }
        set { self["verification_method"] = newValue.map(ConfigValue.string) }
    }

    /// `cached:`, whether the value came from the cache.
    public var cached: Bool? {
        get { self["cached"]?.bool }
        set { self["cached"] = newValue.map(ConfigValue.boolean) }
    }

    /// `cache_expires:`, when a cached value expires.
    public var cacheExpires: Timestamp? {
        get { self["cache_expires"]?.string.flatMap(Timestamp.parse) }
        set { self["cache_expires"] = newValue.map { .string(PythonFormat.isoformat($0)) } }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { ConfigValue.map(lhs.fields) == ConfigValue.map(rhs.fields) }
}

extension Value {
    /// The value of a scalar config value; nil for null, lists and maps.
    init?(config: ConfigValue) {
        switch config {
        case .integer(let number): self = .integer(number)
        case .float(let number): self = .float(number)
        case .string(let text): self = .string(text)
        case .boolean(let flag): self = .boolean(flag)
        case .null, .list, .map: return nil
        }
    }
}

extension ConfigValue {
    /// A metric value as the config value the file holds.
    init(value: Value) {
        switch value {
        case .integer(let number): self = .integer(number)
        case .float(let number): self = .float(number)
        case .string(let text): self = .string(text)
        case .boolean(let flag): self = .boolean(flag)
        }
    }
}
