extension Value {
    /// Zero, 0.0 or the empty string: what a failed command that still printed something often gives.
    public var isEmptyValue: Bool {
        switch self {
        case .integer(let v): v == 0
        case .float(let v): v == 0
        case .string(let v): v.isEmpty
        case .boolean: false
        }
    }
}
