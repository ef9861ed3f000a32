@testable import DIMSServe
import HTTPTypes
import Testing

@Suite struct WriteGuardTests {
    let token = "abcdefghijklmnop"
    var writable: RequestGuard { RequestGuard(settings: ServeSettings(token: token, allowWrite: true)) }

    func refusal(_ guarding: RequestGuard, authorization: String? = "Bearer abcdefghijklmnop", origin: String? = nil, fetchSite: String? = nil,
                 contentType: String? = "application/json") -> Int? {
        guarding.writeRefusal(authorization: authorization, origin: origin, fetchSite: fetchSite, host: "127.0.0.1:8470", contentType: contentType).map { Int($0.status.code) }
    }

    @Test func aWriteNeedsAllowWriteAndTheTokenInItsHeader() {
        #expect(refusal(RequestGuard(settings: ServeSettings(token: token))) == 405)
        #expect(refusal(writable) == nil)
        #expect(refusal(writable, authorization: nil) == 401)
        #expect(refusal(writable, authorization: "Bearer abcdefghijklmnoX") == 401)
        #expect(refusal(writable, authorization: "abcdefghijklmnop") == 401)
        #expect(ServeSettings(allowWrite: true).problem?.contains("--allow-write") == true, "a write server needs a token, even on loopback")
        #expect(ServeSettings(token: token, allowWrite: true).problem == nil)
    }

    @Test func aWriteFromAnotherSiteIsRefused() {
        #expect(refusal(writable, origin: "http://127.0.0.1:8470", fetchSite: "same-origin") == nil)
        #expect(refusal(writable, origin: "http://127.0.0.1:8470.attacker.example") == 403)
        #expect(refusal(writable, origin: "null") == 403)
        #expect(refusal(writable, fetchSite: "cross-site") == 403)
        #expect(refusal(writable, fetchSite: "same-site") == 403)
        #expect(refusal(writable, fetchSite: "none") == nil)
        #expect(refusal(writable, contentType: "text/plain") == 415)
        #expect(refusal(writable, contentType: nil) == 415)
    }

    @Test func writePathsAndBodiesAreRead() throws {
        #expect(try WriteAction.parse(path: "/api/approvals/12/accept", body: ["reviewer": "ada", "notes": "ok"])
                == .decide(request: 12, accept: true, reviewer: "ada", notes: "ok", apply: true))
        #expect(try WriteAction.parse(path: "/api/approvals/3/accept", body: ["reviewer": "ada", "apply": false])
                == .decide(request: 3, accept: true, reviewer: "ada", notes: "", apply: false))
        #expect(try WriteAction.parse(path: "/api/approvals/3/reject", body: ["reviewer": "ada"]) == .decide(request: 3, accept: false, reviewer: "ada", notes: "", apply: true))
        #expect(try WriteAction.parse(path: "/api/baselines/a.b c", body: [:]) == .updateBaseline(metric: "a.b c"))
        for (path, body) in [("/api/approvals/x/accept", ["reviewer": "ada"]), ("/api/approvals/0/accept", ["reviewer": "ada"]),
                             ("/api/approvals/1/accept", [:]), ("/api/approvals/1/accept", ["reviewer": " "]),
                             ("/api/approvals/1/accept", ["reviewer": "ada", "notes": 3]), ("/api/approvals/1/reject", ["reviewer": "ada", "apply": true]),
                             ("/api/approvals/1/maybe", ["reviewer": "ada"]), ("/api/baselines/", [:])] as [(String, [String: Any])] {
            #expect(throws: DashboardError.self, "\(path) \(body)") { try WriteAction.parse(path: path, body: body) }
        }
    }

    @Test func exitStatusesBecomeHTTPStatuses() {
        #expect([0, 1, 2, 3, 4, 5, 6, 9].map { Int(DashboardResponder.status(exit: $0).code) } == [200, 200, 422, 503, 503, 202, 403, 500])
    }
}
