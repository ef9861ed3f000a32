/// Encodes any `Encodable` into a `JSONValue`, so that every JSON dims prints has one writer.
///
/// A nil optional is written as `null`, not left out: every answer has the same keys whatever its values.
struct JSONValueEncoder {
    func encode(_ value: some Encodable) throws -> JSONValue {
        let root = Node()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        return root.value
    }

    /// A slot being filled: a scalar, or an array or object whose members are slots in turn.
    final class Node {
        enum Content { case empty, value(JSONValue), array([Node]), object([String: Node]) }
        var content = Content.empty

        var value: JSONValue {
            switch content {
            case .empty: .object([:])
            case .value(let value): value
            case .array(let nodes): .array(nodes.map(\.value))
            case .object(let nodes): .object(nodes.mapValues(\.value))
            }
        }

        func child(_ key: String) -> Node {
            var members: [String: Node] = [:]
            if case .object(let existing) = content { members = existing }
            let node = Node()
            members[key] = node
            content = .object(members)
            return node
        }

        func append() -> Node {
            var items: [Node] = []
            if case .array(let existing) = content { items = existing }
            let node = Node()
            items.append(node)
            content = .array(items)
            return node
        }

        func makeObject() { if case .object = content {} else { content = .object([:]) } }
        func makeArray() { if case .array = content {} else { content = .array([]) } }
        var count: Int { if case .array(let items) = content { items.count } else { 0 } }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
    }

    struct NodeEncoder: Encoder {
        let node: Node
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<K: CodingKey>(keyedBy type: K.Type) -> KeyedEncodingContainer<K> {
            node.makeObject()
            return KeyedEncodingContainer(Keyed<K>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            node.makeArray()
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
    }

    /// The JSON value of a scalar, or nil when `value` is not one.
    static func scalar(_ value: some Encodable) -> JSONValue? {
        switch value {
        case let value as JSONValue: value
        case let value as String: .string(value)
        case let value as Bool: .bool(value)
        case let value as Double: .number(value)
        case let value as Float: .number(Double(value))
        case let value as any BinaryInteger:
            Int64(exactly: value).map(JSONValue.integer) ?? .number(Double(value))
        default: nil
        }
    }

    static func encode(_ value: some Encodable, into node: Node, codingPath: [any CodingKey]) throws {
        if let scalar = scalar(value) {
            node.content = .value(scalar)
        } else {
            try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
        }
    }

    struct Keyed<K: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: K) throws { node.child(key.stringValue).content = .value(.null) }
        mutating func encode(_ value: some Encodable, forKey key: K) throws {
            try JSONValueEncoder.encode(value, into: node.child(key.stringValue), codingPath: codingPath + [key])
        }
        mutating func encodeIfPresent(_ value: (some Encodable)?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        // The standard library's defaults leave a nil out; each overload it declares is answered here.
        mutating func encodeIfPresent(_ value: Bool?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: String?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: K) throws { try encodeOptional(value, forKey: key) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: K) throws { try encodeOptional(value, forKey: key) }

        private mutating func encodeOptional(_ value: (some Encodable)?, forKey key: K) throws {
            guard let value else { return try encodeNil(forKey: key) }
            try encode(value, forKey: key)
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type, forKey key: K) -> KeyedEncodingContainer<N> {
            NodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: K) -> any UnkeyedEncodingContainer {
            NodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.child("super"), codingPath: codingPath) }
        mutating func superEncoder(forKey key: K) -> any Encoder { NodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int { node.count }

        mutating func encodeNil() throws { node.append().content = .value(.null) }
        mutating func encode(_ value: some Encodable) throws {
            try JSONValueEncoder.encode(value, into: node.append(), codingPath: codingPath + [Key(intValue: count)])
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type) -> KeyedEncodingContainer<N> {
            NodeEncoder(node: node.append(), codingPath: codingPath).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            NodeEncoder(node: node.append(), codingPath: codingPath).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.append(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.content = .value(.null) }
        mutating func encode(_ value: some Encodable) throws {
            try JSONValueEncoder.encode(value, into: node, codingPath: codingPath)
        }
    }
}

extension JSONValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .integer(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .object(let members):
            var container = encoder.container(keyedBy: JSONValueEncoder.Key.self)
            for (key, value) in members { try container.encode(value, forKey: JSONValueEncoder.Key(stringValue: key)) }
        }
    }
}
