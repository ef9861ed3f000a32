extension MetricSpec {
    /// `allow_zero: true`: a fall to zero is a fact for this metric, not a failure, and needs no approval.
    public var allowsZero: Bool { options["allow_zero"]?.bool ?? false }
}
