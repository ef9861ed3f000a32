import DIMSReports
import Testing

struct JSONStringTests {
    /// Quotes, backslashes and control characters are escaped; `<`, `>` and `&` only for a body HTML might hold.
    @Test func textIsEscapedForJSONAndOnRequestForHTML() {
        #expect(JSONString.quoted("a\"b\\c\n<script>&") == #""a\"b\\c\n<script>&""#)
        #expect(JSONString.quoted("a\"b\\c\n<script>&", forHTML: true) == #""a\"b\\c\n\u003cscript\u003e\u0026""#)
        #expect(JSONString.quoted("\u{1}\u{7F}\u{2028}") == #""\u0001\u007f\u2028""#)
    }
}
