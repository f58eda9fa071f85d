public import ChiSoCore
import ChiSoIngest
public import ChiSoStore
import Foundation
public import Hummingbird
import HummingbirdCore
public import Logging
public import Prometheus

/// Everything the application needs besides its configuration.
public struct AppDependencies: Sendable {
    public var store: any ServerStore
    /// The Prometheus registry `/metrics` shows (the one bootstrapped as the metrics backend in `chiso serve`).
    public var metrics: PrometheusCollectorRegistry
    /// The current instant; the real clock unless a test fixes it.
    public var clock: @Sendable () -> Instant
    /// Checks a password against a bcrypt hash; bcrypt unless a test counts the checks.
    public var passwordVerifier: @Sendable (_ password: String, _ hash: String) -> Bool

    public init(
        store: any ServerStore, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        clock: @escaping @Sendable () -> Instant = Instant.systemNow,
        passwordVerifier: @escaping @Sendable (_ password: String, _ hash: String) -> Bool = Secrets.verifyPassword
    ) {
        self.store = store
        self.metrics = metrics
        self.clock = clock
        self.passwordVerifier = passwordVerifier
    }
}

extension Instant {
    /// The system clock (the application layer's only source of time).
    public static let systemNow: @Sendable () -> Instant = { Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }
}

/// Builds the web application: the router, the live clock service, the index warm-up and the schema
/// preparation before start.
///
/// - Parameters:
///   - warmIndex: compute the closed periods the overview shows at start-up (off in tests with a fixed clock).
///   - onServerRunning: called with the bound address (host and port) once the server listens.
/// - Throws: when the methodology or the calendar cannot be read.
public func buildApplication(
    configuration: ChiSoConfiguration, dependencies: AppDependencies, logger: Logger, warmIndex: Bool = true,
    onServerRunning: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
) async throws -> some ApplicationProtocol {
    let methodology = try MethodologyFile.resolve(configuration.methodology)
    let calendar = try CalendarFile.builtIn()
    let index = IndexService(store: dependencies.store, methodology: methodology, calendar: calendar, logger: logger, clock: dependencies.clock)
    let router = buildRouter(configuration: configuration, dependencies: dependencies, index: index)
    var app = Application(
        router: router,
        server: HTTPServerBuilder { responder in GuardedHTTP1Channel(base: HTTP1Channel(responder: responder)) },
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ChiSo"),
        onServerRunning: { channel in
            await onServerRunning(configuration.host, channel.localAddress?.port ?? configuration.port)
        },
        logger: logger)
    app.addServices(
        LiveClockService(index: index, heartbeat: .seconds(max(1, configuration.liveTickSeconds)), storeCheck: .seconds(1), logger: logger))
    if warmIndex { app.addServices(IndexWarmupService(index: index, logger: logger)) }
    return app
}

/// The router: middleware, then the system, ingestion, query and page routes.
func buildRouter(configuration: ChiSoConfiguration, dependencies: AppDependencies, index: IndexService) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    // Requests at debug level: the console shows start, stop and errors (issue 11 part 8).
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestLimitsMiddleware(routes: OpenAPIDocument.routes))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: SessionAuthenticator(store: dependencies.store, clock: dependencies.clock))
    router.add(middleware: ErrorPageMiddleware())

    router.get("/health") { _, _ in try Response.json(HealthAnswer(status: "ok")) }
    let registry = dependencies.metrics
    router.get("/metrics") { _, _ in
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }
    router.get("/openapi.json") { _, _ in Response.json(OpenAPIDocument.document()) }

    IngestController(store: dependencies.store, index: index, maxBodyBytes: configuration.maxBodyBytes, maxRecords: configuration.maxBatchRecords)
        .addRoutes(to: router)
    QueryController(store: dependencies.store, index: index).addRoutes(to: router)
    WhatIfController(store: dependencies.store, index: index).addRoutes(to: router)
    ExportController(index: index).addRoutes(to: router)
    PageController(store: dependencies.store, index: index, configuration: configuration, verifier: dependencies.passwordVerifier)
        .addRoutes(to: router)
    ReconciliationController(store: dependencies.store, index: index, configuration: configuration).addRoutes(to: router)
    AdminController(store: dependencies.store, index: index, configuration: configuration).addRoutes(to: router)
    DocumentController(index: index, configuration: configuration).addRoutes(to: router)
    return router
}

/// The routes the router serves, as `METHOD /path/{param}` (the OpenAPI completeness test compares them).
public func registeredRoutes(store: any ServerStore) throws -> [String] {
    let methodology = try MethodologyFile.resolve(ChiSoConfiguration().methodology)
    let index = IndexService(
        store: store, methodology: methodology, calendar: try CalendarFile.builtIn(), logger: Logger(label: "routes"), clock: Instant.systemNow)
    let router = buildRouter(configuration: ChiSoConfiguration(), dependencies: AppDependencies(store: store), index: index)
    return router.routes.map { "\($0.method.rawValue) \($0.path.description)" }
}
