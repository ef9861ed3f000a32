@testable import DIMSServe
import Testing

@Suite struct RequestGuardTests {
    @Test func loopbackServersAnswerToLoopbackNamesOnTheirPort() {
        let guarding = RequestGuard(settings: ServeSettings(host: "127.0.0.1", port: 8470))
        for host in ["127.0.0.1:8470", "localhost:8470", "LOCALHOST:8470", "[::1]:8470", "127.0.0.1"] {
            #expect(guarding.hostAllowed(host, port: 8470), "\(host)")
        }
        for host in ["attacker.example:8470", "127.0.0.1:9999", "localhost.attacker.example:8470", "", "127.0.0.1:8470.evil"] {
            #expect(!guarding.hostAllowed(host, port: 8470), "\(host)")
        }
        #expect(!guarding.hostAllowed(nil, port: 8470))
    }

    @Test func aServerOnAnotherAddressAnswersToThatAddress() {
        let guarding = RequestGuard(settings: ServeSettings(host: "10.1.2.3", port: 80, token: "0123456789abcdefXYZ"))
        #expect(guarding.hostAllowed("10.1.2.3:80", port: 80))
        #expect(guarding.hostAllowed("localhost:80", port: 80))
        #expect(!guarding.hostAllowed("dims.attacker.example", port: 80))
    }

    @Test func tokensComparedWhole() {
        #expect(RequestGuard.constantTimeEqual("abcdefghijklmnop", "abcdefghijklmnop"))
        #expect(!RequestGuard.constantTimeEqual("abcdefghijklmnop", "abcdefghijklmnoq"))
        #expect(!RequestGuard.constantTimeEqual("abcdefghijklmnop", "abcdefghijklmnop "))
        #expect(!RequestGuard.constantTimeEqual("", "a"))
        let guarding = RequestGuard(settings: ServeSettings(token: "abcdefghijklmnop"))
        #expect(guarding.authorized(authorization: "Bearer abcdefghijklmnop", cookie: nil))
        #expect(!guarding.authorized(authorization: "Bearer abcdefghijklmno", cookie: nil))
        #expect(!guarding.authorized(authorization: "Basic abcdefghijklmnop", cookie: nil))
        #expect(guarding.authorized(authorization: nil, cookie: "x=1; dims_token=abcdefghijklmnop"))
        #expect(!guarding.authorized(authorization: nil, cookie: "dims_token_x=abcdefghijklmnop"))
        #expect(!guarding.authorized(authorization: nil, cookie: nil))
        #expect(RequestGuard(settings: ServeSettings()).authorized(authorization: nil, cookie: nil))
    }

    @Test func settingsThatMayNotBeServed() {
        #expect(ServeSettings().problem == nil)
        #expect(ServeSettings(host: "0.0.0.0").problem?.contains("token") == true)
        #expect(ServeSettings(host: "0.0.0.0", token: "short").problem?.contains("too short") == true)
        #expect(ServeSettings(host: "0.0.0.0", token: "0123456789abcdef").problem == nil)
        #expect(ServeSettings(port: 70000).problem != nil)
        #expect(ServeSettings.isLoopback("127.0.0.2") && ServeSettings.isLoopback("::1") && !ServeSettings.isLoopback("192.168.1.1"))
    }
}
