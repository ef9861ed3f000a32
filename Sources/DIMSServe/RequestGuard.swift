import HTTPTypes

/// The checks every request passes before it is answered, and the headers every response carries.
struct RequestGuard: Sendable {
    let settings: ServeSettings

    /// The Content-Security-Policy of every response: the app's own script and style only, no inline code, no
    /// request to anywhere but this server, no framing. Violations are reported to `/api/csp-report`.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; report-uri /api/csp-report"

    /// The headers of every response, whatever its status.
    static let securityHeaders: [(HTTPField.Name, String)] = [
        (HTTPField.Name("Content-Security-Policy")!, contentSecurityPolicy),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
        (HTTPField.Name("Cross-Origin-Resource-Policy")!, "same-origin"),
        (.cacheControl, "no-store"),
    ]

    /// The name the cookie carrying the token has (set by `/?token=TOKEN`).
    static let cookieName = "dims_token"

    /// Whether the `Host` header names this server: against DNS rebinding, a page of another site whose name
    /// was pointed at 127.0.0.1 sends its own name and is refused. A server bound to all interfaces takes any
    /// name, as the token guards it.
    func hostAllowed(_ host: String?, port: Int) -> Bool {
        guard let host, !host.isEmpty else { return false }
        if settings.host == "0.0.0.0" || settings.host == "::" { return true }
        var names = ["127.0.0.1", "localhost", "[::1]"]
        if !ServeSettings.isLoopback(settings.host) { names.append(settings.host.contains(":") ? "[\(settings.host)]" : settings.host) }
        if settings.host.hasPrefix("127.") { names.append(settings.host) }
        let lowered = host.lowercased()
        return names.contains { lowered == $0 || lowered == "\($0):\(port)" }
    }

    /// Whether the request carries the token (when one is set): `Authorization: Bearer TOKEN` or the cookie.
    func authorized(authorization: String?, cookie: String?) -> Bool {
        guard let token = settings.token, !token.isEmpty else { return true }
        if let authorization, authorization.hasPrefix("Bearer ") {
            return RequestGuard.constantTimeEqual(String(authorization.dropFirst("Bearer ".count)), token)
        }
        for part in (cookie ?? "").split(separator: ";") {
            let pair = part.trimmingPrefix(while: { $0 == " " })
            if pair.hasPrefix(RequestGuard.cookieName + "=") {
                return RequestGuard.constantTimeEqual(String(pair.dropFirst(RequestGuard.cookieName.count + 1)), token)
            }
        }
        return false
    }

    /// Why a write request is refused, or nil: a write needs `--allow-write`, the token in the `Authorization` header
    /// (never the cookie, which a browser sends with any request, even one another site's page makes), a JSON
    /// body, and no sign of coming from another site: an `Origin` other than this server's own, or a
    /// `Sec-Fetch-Site` other than `same-origin` or `none` (what browsers send; other clients send neither).
    func writeRefusal(authorization: String?, origin: String?, fetchSite: String?, host: String?, contentType: String?) -> (status: HTTPResponse.Status, message: String)? {
        guard settings.allowWrite else { return (.methodNotAllowed, "The dashboard is read-only: GET only (start it with --allow-write and a token to decide approvals and move baselines)") }
        guard let token = settings.token, !token.isEmpty, let authorization, authorization.hasPrefix("Bearer "),
              RequestGuard.constantTimeEqual(String(authorization.dropFirst("Bearer ".count)), token) else {
            return (.unauthorized, "A write needs the token in its header: 'Authorization: Bearer TOKEN' (the cookie is not enough)")
        }
        if let origin, !["http://", "https://"].contains(where: { origin.lowercased() == $0 + (host ?? "").lowercased() }) {
            return (.forbidden, "A write from another site is refused (Origin '\(origin)')")
        }
        if let fetchSite, fetchSite != "same-origin", fetchSite != "none" {
            return (.forbidden, "A write from another site is refused (Sec-Fetch-Site '\(fetchSite)')")
        }
        guard let contentType, contentType.lowercased().hasPrefix("application/json") else {
            return (.unsupportedMediaType, "A write's body is JSON: send 'Content-Type: application/json'")
        }
        return nil
    }

    /// Compares two secrets in time that depends on their lengths only, never on where they first differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt(bitPattern: x.count ^ y.count)
        for i in 0..<max(x.count, y.count) {
            let p = i < x.count ? x[i] : 0
            let q = i < y.count ? y[i] : 0
            difference |= UInt(p ^ q)
        }
        return difference == 0
    }
}

extension Substring {
    fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        self[(firstIndex { !predicate($0) } ?? endIndex)...]
    }
}
