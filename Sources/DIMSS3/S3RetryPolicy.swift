/// How often and how patiently a failed listing request is tried again.
public struct S3RetryPolicy: Sendable {
    /// The most attempts per page, the first included.
    public var maxAttempts: Int
    /// The delay before the second attempt; each later one doubles it, up to `maxDelay`.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Waits between attempts; tests pass one that returns at once.
    public var sleep: @Sendable (Duration) async -> Void

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10),
                sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
    }

    /// The wait after failed attempt `attempt` (1-based): exponential backoff, half of it random jitter.
    public func delay(after attempt: Int) -> Duration {
        let exponential = baseDelay * (1 << min(attempt - 1, 20))
        let capped = min(exponential, maxDelay)
        return capped / 2 + capped / 2 * Double.random(in: 0...1)
    }
}
