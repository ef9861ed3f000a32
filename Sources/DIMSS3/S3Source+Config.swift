public import DIMSCore

extension S3Source {
    /// A source configured by the config's `s3:` map: `endpoint`, `region`, `profile`, `max_attempts`,
    /// `concurrency`, `stall_timeout_seconds`; nil or missing keys keep their defaults. `costs` is the `costs:` section.
    public init(config: ConfigValue?, costs: ConfigValue? = nil) throws(S3Error) {
        func string(_ key: String) -> String? { config?[key]?.string.flatMap { $0.isEmpty ? nil : $0 } }
        func positive(_ key: String) throws(S3Error) -> Int? {
            guard let value = config?[key] else { return nil }
            guard let number = value.integer, number > 0, number < 10_000 else {
                throw S3Error(code: .invalidOption, message: "The S3 setting '\(key)' must be a positive whole number, not '\(value.string ?? "")'")
            }
            return Int(number)
        }
        let maxAttempts = try positive("max_attempts")
        let concurrency = try positive("concurrency")
        let stall = try positive("stall_timeout_seconds")
        self.init(defaults: S3Settings.Overrides(endpoint: string("endpoint"), region: string("region"), profile: string("profile")),
                  retry: S3RetryPolicy(maxAttempts: maxAttempts ?? 5),
                  timeouts: S3Timeouts(stall: .seconds(stall ?? 30)),
                  concurrency: concurrency ?? 4)
        prices = try S3Prices(config: costs)
    }
}
