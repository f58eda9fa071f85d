public import Configuration

/// The web application's settings, read once at start-up.
public struct ChiSoConfiguration: Sendable {
    /// Address to bind; loopback by default.
    public var host: String
    /// Port; 0 picks a free port (tests).
    public var port: Int
    /// SQLite database file.
    public var databasePath: String
    /// The PostgreSQL server used instead of the SQLite file (`postgres://USER:PASSWORD@HOST:PORT/DATABASE`), nil for SQLite.
    public var postgresURL: String?
    /// Log level name (trace, debug, info, notice, warning, error, critical).
    public var logLevel: String
    /// Largest accepted request body, in bytes (413 above).
    public var maxBodyBytes: Int
    /// Largest number of records in one ingestion request (400 above).
    public var maxBatchRecords: Int
    /// The scoring methodology: a built-in id or a YAML path.
    public var methodology: String
    /// Longest time, in seconds, between two events of the live stream (a heartbeat); the live clock itself wakes at
    /// every instant where a figure changes with time, and records are counted as they arrive.
    public var liveTickSeconds: Int
    /// Whether session cookies carry `Secure` (keep true; browsers accept it on loopback).
    public var secureCookies: Bool
    /// Session lifetime in seconds.
    public var sessionSeconds: Int
    /// Failed sign-ins allowed for one account from one address in `loginWindowSeconds`; an account from any address
    /// is allowed 4 times as many, an address for any account 10 times as many (see `LoginRateLimiter`).
    public var loginAttempts: Int
    public var loginWindowSeconds: Int
    /// bcrypt cost of new password hashes.
    public var bcryptCost: Int
    /// Who issues the official documents: a settings file (YAML) or a shipped example; nil to derive the issuer
    /// from the province unit in the catalogue.
    public var reportSettings: String?

    /// Settings with their defaults.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, databasePath: String = "chiso.sqlite", logLevel: String = "info",
        maxBodyBytes: Int = 16 << 20, maxBatchRecords: Int = 5_000, methodology: String = "qd766-2026", liveTickSeconds: Int = 60,
        secureCookies: Bool = true, sessionSeconds: Int = 8 * 3600, loginAttempts: Int = 5, loginWindowSeconds: Int = 300,
        bcryptCost: Int = 11, reportSettings: String? = nil, postgresURL: String? = nil
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.logLevel = logLevel
        self.maxBodyBytes = maxBodyBytes
        self.maxBatchRecords = maxBatchRecords
        self.methodology = methodology
        self.liveTickSeconds = liveTickSeconds
        self.secureCookies = secureCookies
        self.sessionSeconds = sessionSeconds
        self.loginAttempts = loginAttempts
        self.loginWindowSeconds = loginWindowSeconds
        self.bcryptCost = bcryptCost
        self.reportSettings = reportSettings
        self.postgresURL = postgresURL
    }

    /// Reads the settings from a reader scoped to `chiso` (command line first, then environment, then defaults).
    ///
    /// Keys (environment variable in brackets):
    /// - `http.host` (`CHISO_HTTP_HOST`), default `127.0.0.1`
    /// - `http.port` (`CHISO_HTTP_PORT`), default `8080`
    /// - `db.path` (`CHISO_DB_PATH`), default `chiso.sqlite`
    /// - `log.level` (`CHISO_LOG_LEVEL`), default `info`
    /// - `ingest.max.body.bytes` (`CHISO_INGEST_MAX_BODY_BYTES`), default 16 MiB
    /// - `ingest.max.records` (`CHISO_INGEST_MAX_RECORDS`), default 5000
    /// - `index.methodology` (`CHISO_INDEX_METHODOLOGY`), default `qd766-2026`
    /// - `live.tick.seconds` (`CHISO_LIVE_TICK_SECONDS`), default 60
    /// - `session.secure.cookie` (`CHISO_SESSION_SECURE_COOKIE`), default true
    /// - `session.seconds` (`CHISO_SESSION_SECONDS`), default 28800
    /// - `login.attempts` (`CHISO_LOGIN_ATTEMPTS`), default 5; `login.window.seconds` (`CHISO_LOGIN_WINDOW_SECONDS`), default 300
    /// - `password.bcrypt.cost` (`CHISO_PASSWORD_BCRYPT_COST`), default 11
    /// - `report.settings` (`CHISO_REPORT_SETTINGS`): the issuer of the documents (YAML file, or a shipped example:
    ///   `binh-phuoc`, `phuoc-an`); by default the province from the data and each document type's own recipients
    ///   and signer (`chiso serve --demo`: `phuoc-an`)
    /// - `postgres` (`CHISO_POSTGRES`): a PostgreSQL server's URL, used instead of the SQLite file (a secret: it may hold the password)
    public init(reader: ConfigReader) {
        let d = ChiSoConfiguration()
        self.init(
            host: reader.string(forKey: "http.host", default: d.host),
            port: reader.int(forKey: "http.port", default: d.port),
            databasePath: reader.string(forKey: "db.path", default: d.databasePath),
            logLevel: reader.string(forKey: "log.level", default: d.logLevel),
            maxBodyBytes: reader.int(forKey: "ingest.max.body.bytes", default: d.maxBodyBytes),
            maxBatchRecords: reader.int(forKey: "ingest.max.records", default: d.maxBatchRecords),
            methodology: reader.string(forKey: "index.methodology", default: d.methodology),
            liveTickSeconds: reader.int(forKey: "live.tick.seconds", default: d.liveTickSeconds),
            secureCookies: reader.bool(forKey: "session.secure.cookie", default: d.secureCookies),
            sessionSeconds: reader.int(forKey: "session.seconds", default: d.sessionSeconds),
            loginAttempts: reader.int(forKey: "login.attempts", default: d.loginAttempts),
            loginWindowSeconds: reader.int(forKey: "login.window.seconds", default: d.loginWindowSeconds),
            bcryptCost: reader.int(forKey: "password.bcrypt.cost", default: d.bcryptCost),
            reportSettings: reader.string(forKey: "report.settings"),
            postgresURL: reader.string(forKey: "postgres", isSecret: true).flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The reader `chiso serve` uses: command-line values first, then the environment (`CHISO_…`), then defaults.
    ///
    /// - Parameter commandLine: values given on the command line, by key (e.g. `"http.port": .int(9000)`).
    public static func reader(commandLine: [String: ConfigContent], environment: [String: String]? = nil) -> ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in commandLine { values[AbsoluteConfigKey(stringLiteral: "chiso." + key)] = ConfigValue(value, isSecret: false) }
        let env = environment.map { EnvironmentVariablesProvider(environmentVariables: $0) } ?? EnvironmentVariablesProvider()
        return ConfigReader(providers: [InMemoryProvider(name: "command line", values: values), env]).scoped(to: "chiso")
    }
}
