/// How long a listing request may wait: for a connection, through a silent stretch, and in all.
public struct S3Timeouts: Hashable, Sendable {
    public var connect: Duration
    public var stall: Duration
    public var total: Duration?

    public init(connect: Duration = .seconds(10), stall: Duration = .seconds(30), total: Duration? = .seconds(300)) {
        self.connect = connect
        self.stall = stall
        self.total = total
    }
}
