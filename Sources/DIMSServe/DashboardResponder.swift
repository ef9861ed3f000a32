import DIMSReports
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOConcurrencyHelpers

/// Answers every request of the dashboard: the guard first (host, token, method), then the route.
struct DashboardResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let source: any DashboardSource
    let settings: ServeSettings
    let port: PortBox
    let reports: CSPReports

    var requestGuard: RequestGuard { RequestGuard(settings: settings) }

    func respond(to request: Request, context: Context) async throws -> Response {
        var response = await answer(request)
        for (name, value) in RequestGuard.securityHeaders where response.headers[name] == nil {
            response.headers[name] = value
        }
        return response
    }

    private func answer(_ request: Request) async -> Response {
        guard requestGuard.hostAllowed(request.head.authority, port: port.value) else {
            return Self.error(.misdirectedRequest, "This server answers to its own address only (the Host header names another)")
        }
        let path = Self.decodedPath(request.uri.path)
        let query = request.uri.queryParameters
        // `/?token=TOKEN` sets the cookie a browser then sends with every request, and drops the token from the address.
        if let token = query.get("token"), settings.token != nil, path == "/" {
            guard RequestGuard.constantTimeEqual(token, settings.token ?? "") else { return Self.error(.unauthorized, "Wrong token") }
            var headers = HTTPFields()
            headers[.location] = "/"
            headers[.setCookie] = "\(RequestGuard.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
            return Response(status: .seeOther, headers: headers)
        }
        guard requestGuard.authorized(authorization: request.headers[.authorization], cookie: request.headers[.cookie]) else {
            return Self.error(.unauthorized, "This server needs its token: send 'Authorization: Bearer TOKEN', or open /?token=TOKEN once")
        }
        if request.method == .post, path == "/api/csp-report" {
            reports.add()
            return Response(status: .noContent)
        }
        if request.method == .post {
            return await write(request, path: path)
        }
        guard request.method == .get || request.method == .head else {
            var response = Self.error(.methodNotAllowed, settings.allowWrite ? "GET, HEAD, or POST to a write endpoint" : "The dashboard is read-only: GET only")
            response.headers[.allow] = settings.allowWrite ? "GET, HEAD, POST" : "GET, HEAD"
            return response
        }
        let parameters = request.uri.queryParameters
        func parameter(_ name: String) -> String? { parameters.get(name).map { String($0) }.flatMap { $0.isEmpty ? nil : $0 } }
        do throws(DashboardError) {
            return try route(path, parameter: parameter)
        } catch {
            return Self.error(error)
        }
    }

    private func route(_ path: String, parameter: (String) -> String?) throws(DashboardError) -> Response {
        switch path {
        case "/", "/diff":
            return Self.text(Assets.page, type: "text/html; charset=utf-8")
        case _ where path.hasPrefix("/metric/"):
            return Self.text(Assets.page, type: "text/html; charset=utf-8")
        case "/assets/app.js":
            return Self.text(Assets.script, type: "text/javascript; charset=utf-8")
        case "/assets/icon.svg", "/favicon.ico":
            return Self.text(Assets.icon, type: "image/svg+xml")
        case "/assets/app.css":
            return Self.text(Assets.style, type: "text/css; charset=utf-8")
        case "/api/overview":
            return Self.json(try source.overview(at: parameter("at")))
        case "/api/status":
            return Self.json(try source.status())
        case "/api/diff":
            guard let since = parameter("since") else { throw DashboardError(.badRequest, "Give since=DATE (and until=DATE, or now)") }
            return Self.json(try source.diff(since: since, until: parameter("until")))
        case "/api/csp-reports":
            return Self.json("{\"count\": \(reports.value)}\n")
        case "/api/alerts":
            return Self.json(try source.alerts(at: parameter("at")))
        case "/api/openapi.json":
            return Self.json(OpenAPIDocument.text)
        case "/api/events":
            return EventFeed(source: source, pollMilliseconds: settings.pollMilliseconds).response()
        case "/metrics":
            return Self.text(try source.prometheus(), type: "text/plain; version=0.0.4; charset=utf-8")
        case _ where path.hasPrefix("/api/history/"):
            return Self.json(try source.history(metric: String(path.dropFirst("/api/history/".count)), since: parameter("since")))
        case _ where path.hasPrefix("/api/audit/"):
            return Self.json(try source.audit(metric: String(path.dropFirst("/api/audit/".count))))
        default:
            throw DashboardError(.notFound, "No such page or API: \(path)")
        }
    }

    /// A `POST`: refused unless the guard lets it through (`--allow-write`, the token in the header, same site, JSON),
    /// then done by the source; the answer is the command's JSON answer with a status from its exit status.
    private func write(_ request: Request, path: String) async -> Response {
        let headers = request.headers
        if let refusal = requestGuard.writeRefusal(
            authorization: headers[.authorization], origin: headers[.origin], fetchSite: headers[HTTPField.Name("Sec-Fetch-Site")!],
            host: request.head.authority, contentType: headers[.contentType]) {
            var response = Self.error(refusal.status, refusal.message)
            if refusal.status == .methodNotAllowed { response.headers[.allow] = "GET, HEAD" }
            return response
        }
        let object: [String: Any]
        do {
            let buffer = try await request.body.collect(upTo: 65_536)
            let bytes = Data(buffer.readableBytesView)
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                object = [:]
            } else {
                guard let parsed = try JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
                    return Self.error(.badRequest, "A write's body is a JSON object")
                }
                object = parsed
            }
        } catch {
            return Self.error(.badRequest, "A write's body is a JSON object of at most 64 KiB")
        }
        let action: WriteAction
        do throws(DashboardError) {
            action = try WriteAction.parse(path: path, body: object)
        } catch {
            return Self.error(error)
        }
        let outcome = await source.perform(action)
        return Self.json(outcome.body, status: Self.status(exit: outcome.exitStatus))
    }

    /// The HTTP status of a write whose command ended with `exit` (ARCHITECTURE.md, "Exit statuses"): done (0, or 1:
    /// done and drifted), accepted but awaiting approval (5), refused as asked (2: an unknown, decided or stale
    /// request, a failed measurement), not trusted (6), the log or a file not writable (3, 4).
    static func status(exit: Int32) -> HTTPResponse.Status {
        switch exit {
        case 0, 1: .ok
        case 5: .accepted
        case 2: .unprocessableContent
        case 6: .forbidden
        case 3, 4: .serviceUnavailable
        default: .internalServerError
        }
    }

    /// The path with its percent escapes decoded (a metric's name may hold any character).
    static func decodedPath(_ raw: String) -> String {
        raw.removingPercentEncoding ?? raw
    }

    static func text(_ body: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        text(body, type: "application/json; charset=utf-8", status: status)
    }

    static func error(_ error: DashboardError) -> Response {
        switch error.kind {
        case .badRequest: Self.error(.badRequest, error.message)
        case .notFound: Self.error(.notFound, error.message)
        case .unavailable: Self.error(.serviceUnavailable, error.message)
        }
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json("{\"error\": \(JSONString.quoted(message, forHTML: true))}\n", status: status)
    }
}

/// The port the server listens on, known once it is bound (port 0 picks one).
final class PortBox: Sendable {
    private let stored: NIOLockedValueBox<Int>
    init(_ port: Int) { stored = NIOLockedValueBox(port) }
    var value: Int { stored.withLockedValue { $0 } }
    func set(_ port: Int) { stored.withLockedValue { $0 = port } }
}

/// How many Content-Security-Policy violations browsers reported: a page that works has none.
final class CSPReports: Sendable {
    private let count = NIOLockedValueBox(0)
    func add() { count.withLockedValue { $0 += 1 } }
    var value: Int { count.withLockedValue { $0 } }
}
