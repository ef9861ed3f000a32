import Foundation
import Hummingbird
import Logging
import NIOCore

/// `dims serve`: the dashboard, its JSON API and `/metrics` over HTTP/1.1, answered from a `DashboardSource`.
public enum DashboardServer {

    /// Serves until SIGINT or SIGTERM, which end the process at once: nothing is written, and open event streams
    /// would hold a graceful shutdown forever. `ready` is called with the bound port once the server listens.
    public static func run(_ settings: ServeSettings, source: any DashboardSource, ready: @escaping @Sendable (Int) -> Void) async throws {
        let port = PortBox(settings.port)
        let responder = DashboardResponder(source: source, settings: settings, port: port, reports: CSPReports())
        var logger = Logger(label: "dims-serve")
        logger.logLevel = .error
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? settings.port
                port.set(bound)
                ready(bound)
            },
            logger: logger)
        for number in [SIGINT, SIGTERM] {
            signal(number) { _ in _exit(0) }
        }
        try await app.runService(gracefulShutdownSignals: [])
    }
}
