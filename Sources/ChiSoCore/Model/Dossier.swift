/// A dossier (hồ sơ): one application for one procedure at one unit, with every fact the on-time rules
/// and the indicators need.
public struct Dossier: Hashable, Sendable, Identifiable {
    /// Channel of submission (kênh thực hiện).
    public enum Channel: Int, Hashable, Sendable, Codable {
        case inPerson = 1, online = 2, postal = 3
    }

    /// Who applies.
    public enum Applicant: Int, Hashable, Sendable, Codable {
        case citizen = 1, business = 2
    }

    /// ChiSo's processing states; a source's status codes map onto them by configuration.
    public enum State: String, Hashable, Sendable, Codable, CaseIterable {
        case registered, received, processing, waitingForSupplement = "waiting_for_supplement", paused
        case processed, returned, refused, stopped, withdrawn

        /// Whether the dossier was received at all (DOMAIN §4a D1): a dossier registered online and not yet
        /// received, or not accepted (`refused`, DVCQG status 3), counts in no indicator and not in the
        /// processing table, whatever its reception date says.
        public var isReceived: Bool {
            switch self {
            case .registered, .refused: return false
            default: return true
            }
        }

        /// Whether the state ends processing.
        public var isTerminal: Bool {
            switch self {
            case .processed, .returned, .refused, .stopped, .withdrawn: return true
            default: return false
            }
        }
    }

    /// How the fees were paid (`DuocThanhToanTrucTuyen`).
    public enum Payment: Int, Hashable, Sendable, Codable {
        case notOnline = 0, nationalPortal = 1, provincialGateway = 2
    }

    /// Code (`MaHoSo`).
    public var code: String
    /// Procedure code (`MaTTHC`).
    public var procedureCode: String
    /// Code of the unit that handles it.
    public var unitCode: String
    public var channel: Channel
    public var applicant: Applicant
    public var submittedAt: Instant?
    /// Reception (`NgayTiepNhan`).
    public var receivedAt: Instant
    /// Promised return date, the deadline (`NgayHenTra`).
    public var dueAt: Instant?
    public var state: State
    /// End of processing (`NgayKetThucXuLy`) when processed.
    public var processedAt: Instant?
    /// Hand-back of the result (`NgayTra`).
    public var returnedAt: Instant?
    /// When processing was stopped, refused or withdrawn.
    public var stoppedAt: Instant?
    public var supplements: [SupplementRequest]
    public var pauses: [Pause]
    public var fees: [Fee]
    public var payment: Payment
    public var components: [Component]
    public var results: [ResultDocument]
    /// `HoSoCoThanhPhanSoHoa`: the source states the dossier has digitised components.
    public var hasDigitizedComponents: Bool
    /// `TaiKhoanDuocXacThucVoiVNeID`.
    public var vneidAuthenticated: Bool
    /// `DSKetNoiCSDL`: databases consulted (e.g. the population database).
    public var databasesConsulted: [String]
    /// Whether the dossier was synced to the national portal.
    public var synced: Bool

    public var id: String { code }

    public init(
        code: String, procedureCode: String, unitCode: String, channel: Channel = .inPerson,
        applicant: Applicant = .citizen, submittedAt: Instant? = nil, receivedAt: Instant, dueAt: Instant? = nil,
        state: State = .received, processedAt: Instant? = nil, returnedAt: Instant? = nil, stoppedAt: Instant? = nil,
        supplements: [SupplementRequest] = [], pauses: [Pause] = [], fees: [Fee] = [], payment: Payment = .notOnline,
        components: [Component] = [], results: [ResultDocument] = [], hasDigitizedComponents: Bool = false,
        vneidAuthenticated: Bool = false, databasesConsulted: [String] = [], synced: Bool = true
    ) {
        self.code = code
        self.procedureCode = procedureCode
        self.unitCode = unitCode
        self.channel = channel
        self.applicant = applicant
        self.submittedAt = submittedAt
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.state = state
        self.processedAt = processedAt
        self.returnedAt = returnedAt
        self.stoppedAt = stoppedAt
        self.supplements = supplements
        self.pauses = pauses
        self.fees = fees
        self.payment = payment
        self.components = components
        self.results = results
        self.hasDigitizedComponents = hasDigitizedComponents
        self.vneidAuthenticated = vneidAuthenticated
        self.databasesConsulted = databasesConsulted
        self.synced = synced
    }

    /// Whether the fees were paid online, through the national portal or the province's gateway.
    public var paidOnline: Bool { payment != .notOnline }

    /// Whether the dossier carries fee data.
    public var hasFeeData: Bool { !fees.isEmpty }

    /// Whether every fee listed is zero (a dossier exempt from payment); false when no fee is listed.
    public var allFeesZero: Bool { !fees.isEmpty && fees.allSatisfy { $0.amount == 0 } }

    /// Whether at least one result document has an electronic file.
    public var hasElectronicResult: Bool { results.contains { $0.hasFile } }

    /// Whether any component is digitised, or the source says so.
    public var isDigitized: Bool { hasDigitizedComponents || components.contains { $0.digitized } }

    /// Whether a digitised component was reused.
    public var reusesDigitizedData: Bool { components.contains { $0.reused } }

    /// Whether a component came from the citizen's data store, or a result was synced to it.
    public var sharesDigitizedData: Bool {
        components.contains { $0.fromDataStore } || results.contains { $0.syncedToDataStore }
    }

    /// Whether the dossier used population data: a VNeID account, a data-store component, or a lookup.
    public var usesCitizenData: Bool {
        vneidAuthenticated || components.contains { $0.fromDataStore } || !databasesConsulted.isEmpty
    }
}

/// A request to the applicant to supplement the dossier (yêu cầu bổ sung).
public struct SupplementRequest: Hashable, Sendable {
    /// When the request was made (`NgayBoSung`).
    public var requestedAt: Instant
    /// When the applicant supplied the documents (`NgayTiepNhanBoSung`), nil while pending.
    public var suppliedAt: Instant?
    /// Deadline before the request (`NgayHenTraTruoc`).
    public var previousDueAt: Instant?
    /// Deadline after the supplement (`NgayHenTraMoi`).
    public var newDueAt: Instant?

    public init(requestedAt: Instant, suppliedAt: Instant? = nil, previousDueAt: Instant? = nil, newDueAt: Instant? = nil) {
        self.requestedAt = requestedAt
        self.suppliedAt = suppliedAt
        self.previousDueAt = previousDueAt
        self.newDueAt = newDueAt
    }
}

/// A pause of processing (tạm dừng).
public struct Pause: Hashable, Sendable {
    public var startedAt: Instant
    public var endedAt: Instant?

    public init(startedAt: Instant, endedAt: Instant? = nil) {
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}

/// A fee or charge on a dossier (`DanhSachLePhi`).
public struct Fee: Hashable, Sendable {
    public var code: String
    public var name: String
    /// Amount in đồng.
    public var amount: Int64

    public init(code: String = "", name: String = "", amount: Int64) {
        self.code = code
        self.name = name
        self.amount = amount
    }
}

/// A submitted component of a dossier (`TaiLieuNop`).
public struct Component: Hashable, Sendable {
    public var code: String
    /// `DuocSoHoa`.
    public var digitized: Bool
    /// `DuocTaiSuDung`.
    public var reused: Bool
    /// `DuocLayTuKhoDMQG`: taken from the citizen's data store.
    public var fromDataStore: Bool

    public init(code: String = "", digitized: Bool = false, reused: Bool = false, fromDataStore: Bool = false) {
        self.code = code
        self.digitized = digitized
        self.reused = reused
        self.fromDataStore = fromDataStore
    }
}

/// A result document (`DanhSachGiayToKetQua`).
public struct ResultDocument: Hashable, Sendable {
    public var name: String
    /// Whether an electronic file of the result exists (`DuongDanTepTinKetQua`).
    public var hasFile: Bool
    /// Whether the result was synced to the citizen's data store (a `GiayToId` was assigned).
    public var syncedToDataStore: Bool

    public init(name: String = "", hasFile: Bool, syncedToDataStore: Bool = false) {
        self.name = name
        self.hasFile = hasFile
        self.syncedToDataStore = syncedToDataStore
    }
}
