import DIMSReports
import DIMSWorkflow
import Testing

struct DIMSErrorTests {
    /// Under --json an error is one object: message, status and the file it is about (null when none).
    @Test func errorAnswerHasItsDocumentedShape() {
        let answer = JSONAnswer.render(ErrorAnswer(DIMSError(.badInput, "Bad 'x'", file: "inventory/config.yaml")))
        #expect(answer == """
            {
              "error": {
                "file": "inventory/config.yaml",
                "message": "Bad 'x'",
                "status": 2
              }
            }
            """)
        #expect(JSONAnswer.render(ErrorAnswer(DIMSError(.store, "No space"))).contains("\"file\": null"))
    }

    /// Only a non-empty NO_COLOR turns colour off (no-color.org).
    @Test func emptyNoColorKeepsColour() {
        #expect(!Console.noColor([:]))
        #expect(!Console.noColor(["NO_COLOR": ""]))
        #expect(Console.noColor(["NO_COLOR": "1"]))
    }
}
