/// JSON string literals: the one quoting of every JSON dims writes.
public enum JSONString {
    /// A string literal valid in both JSON and Python; with `forHTML`, `<`, `>` and `&` are escaped too, so that the
    /// text cannot close or open an HTML element wherever the document ends up.
    public static func quoted(_ text: String, forHTML: Bool = false) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += "\\u" + hex4(scalar.value)
            case "<", ">", "&": out += forHTML ? "\\u" + hex4(scalar.value) : String(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
