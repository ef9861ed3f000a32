/// A run's baseline moves, split by `ApprovalPolicy`.
public struct BaselineMoves: Hashable, Sendable {
    /// Moves made now.
    public var apply: [BaselineChange] = []
    /// Moves that become new requests.
    public var requests: [ApprovalRequest] = []
    /// Moves already awaiting a pending request.
    public var awaiting: [ApprovalRecord] = []
    /// Moves a reviewer rejected; not asked again until the value changes.
    public var rejected: [ApprovalRecord] = []

    public init() {}

    /// Whether any move waits for a person.
    public var isHolding: Bool { !requests.isEmpty || !awaiting.isEmpty }
}
