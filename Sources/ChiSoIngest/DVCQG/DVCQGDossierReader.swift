public import ChiSoCore

/// Streams dossiers from DVCQG `DongBoHoSoMC` records, as a JSON array or JSON lines.
///
/// The layout is detected from the first non-space byte (`[` is an array). Each record becomes a
/// ``ReadResult/record(_:position:)`` or, when it is bad, an ``ReadResult/issue(_:)``, and reading goes on with the
/// next record: a malformed object in an array is skipped by brace depth (or, when its braces do not balance, up to
/// the next object that starts with the same first key); a record cut by the end of the input is an issue and
/// everything before it is returned. Memory holds one chunk and the record being read.
///
/// Required fields: `MaHoSo`, `MaTTHC`, `DonViXuLy`, `NgayTiepNhan`, `TrangThaiHoSo`, `KenhThucHien`.
/// Numbers and flags are accepted as JSON numbers, booleans or strings (`1`, `"1"`, `true`, `"true"`); empty
/// strings for optional values mean absent. Strings are normalised to NFC.
///
/// Mapping: `DonViXuLy` is the unit code; the state comes from `TrangThaiHoSo` through a ``StatusMapping``;
/// `processedAt` is `NgayKetThucXuLy` (or `NgayTra` when absent) for processed and returned dossiers;
/// `stoppedAt` is `NgayKetThucXuLy` (or `NgayTra`) for refused, stopped and withdrawn ones; `returnedAt` is
/// `NgayTra`. The optional ChiSo extension field `DaDongBo` (0/1) overrides the reader's `synced` default.
///
/// ```swift
/// var reader = DVCQGDossierReader(source: try FileChunkSource(path: path), fileName: "hoso.jsonl")
/// while let result = try reader.next() { ... }
/// ```
public struct DVCQGDossierReader<Source: ByteChunkSource> {
    private var stream: JSONObjectStream<Source>
    /// The status mapping in use.
    public let statusMapping: StatusMapping
    /// Whether dossiers count as synced to the national portal when they carry no `DaDongBo` field.
    public let synced: Bool

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - source: the bytes.
    ///   - fileName: the name used in issues.
    ///   - statusMapping: the source's status codes; DVCQG's unless told.
    ///   - synced: whether the records are what was synced to the national portal (true for a DVCQG export).
    ///   - maxRecordBytes: records longer than this are issues (and skipped without being held in memory).
    public init(
        source: Source, fileName: String, statusMapping: StatusMapping = .dvcqg, synced: Bool = true,
        maxRecordBytes: Int = 16 << 20
    ) {
        self.stream = JSONObjectStream(
            source: source, fileName: fileName, maxRecordBytes: maxRecordBytes, wantedKeys: DossierMapping.keys)
        self.statusMapping = statusMapping
        self.synced = synced
    }

    /// The next dossier or issue, or nil at the end of the input.
    ///
    /// - Throws: ``IngestError`` when the input cannot be read or is not JSON at all.
    public mutating func next() throws(IngestError) -> ReadResult<Dossier>? {
        let mapping = statusMapping
        let synced = synced
        return try stream.next { (members) throws(FieldFailure) -> Dossier in
            try DossierMapping.dossier(from: members, statusMapping: mapping, synced: synced)
        }
    }

}

/// The mapping of `DongBoHoSoMC` objects to dossiers, outside the generic reader.
enum DossierMapping {
    /// Every key the mapping reads, at any depth.
    static let keys = [
        "MaHoSo", "MaTTHC", "DonViXuLy", "KenhThucHien", "LoaiDoiTuong", "NgayNopHoSo", "NgayTiepNhan", "NgayHenTra",
        "TrangThaiHoSo", "NgayTra", "NgayKetThucXuLy", "TaiLieuNop", "DanhSachLePhi", "DanhSachHoSoBoSung",
        "DanhSachGiayToKetQua", "HoSoCoThanhPhanSoHoa", "DuocThanhToanTrucTuyen", "TaiKhoanDuocXacThucVoiVNeID",
        "DSKetNoiCSDL", "DaDongBo",
        "MaThanhPhanHoSo", "DuocSoHoa", "DuocTaiSuDung", "DuocLayTuKhoDMQG",
        "TenPhiLePhi", "MaPhiLePhi", "Gia",
        "NgayBoSung", "NgayTiepNhanBoSung", "NgayHenTraTruoc", "NgayHenTraMoi",
        "TenGiayTo", "GiayToId", "DuongDanTepTinKetQua",
        "MaCSDL",
    ]

    /// Maps the members of one `DongBoHoSoMC` object to a dossier.
    static func dossier(from members: [JSONMember], statusMapping: StatusMapping, synced: Bool) throws(FieldFailure) -> Dossier {
        var code: JSONValue?
        var procedure: JSONValue?
        var unit: JSONValue?
        var channel: JSONValue?
        var applicant: JSONValue?
        var submitted: JSONValue?
        var received: JSONValue?
        var due: JSONValue?
        var status: JSONValue?
        var returned: JSONValue?
        var ended: JSONValue?
        var componentList: JSONValue?
        var feeList: JSONValue?
        var supplementList: JSONValue?
        var resultList: JSONValue?
        var digitized: JSONValue?
        var payment: JSONValue?
        var vneid: JSONValue?
        var databaseList: JSONValue?
        var syncedFlag: JSONValue?
        for member in members {
            // Dispatch on the key's length first: one or two comparisons per member instead of twenty.
            // The first member of a name wins, as with duplicate keys in most parsers' lookups.
            let key = member.key
            let value = member.value
            switch key.utf8.count {
            case 6:
                if key == "MaHoSo" { if code == nil { code = value } } else if key == "MaTTHC" { if procedure == nil { procedure = value } }
            case 7: if key == "NgayTra" && returned == nil { returned = value }
            case 8: if key == "DaDongBo" && syncedFlag == nil { syncedFlag = value }
            case 9: if key == "DonViXuLy" && unit == nil { unit = value }
            case 10:
                if key == "NgayHenTra" {
                    if due == nil { due = value }
                } else if key == "TaiLieuNop" {
                    if componentList == nil { componentList = value }
                }
            case 11: if key == "NgayNopHoSo" && submitted == nil { submitted = value }
            case 12:
                if key == "NgayTiepNhan" {
                    if received == nil { received = value }
                } else if key == "KenhThucHien" {
                    if channel == nil { channel = value }
                } else if key == "LoaiDoiTuong" {
                    if applicant == nil { applicant = value }
                } else if key == "DSKetNoiCSDL" {
                    if databaseList == nil { databaseList = value }
                }
            case 13:
                if key == "TrangThaiHoSo" {
                    if status == nil { status = value }
                } else if key == "DanhSachLePhi" {
                    if feeList == nil { feeList = value }
                }
            case 15: if key == "NgayKetThucXuLy" && ended == nil { ended = value }
            case 18: if key == "DanhSachHoSoBoSung" && supplementList == nil { supplementList = value }
            case 20:
                if key == "DanhSachGiayToKetQua" {
                    if resultList == nil { resultList = value }
                } else if key == "HoSoCoThanhPhanSoHoa" {
                    if digitized == nil { digitized = value }
                }
            case 22: if key == "DuocThanhToanTrucTuyen" && payment == nil { payment = value }
            case 27: if key == "TaiKhoanDuocXacThucVoiVNeID" && vneid == nil { vneid = value }
            default: break
            }
        }

        func required(_ value: JSONValue?, _ field: String, expected: String = Expected.nonEmptyText) throws(FieldFailure) -> String {
            guard let text = try value?.text(field) else { throw .missing(field, expected: expected) }
            return text
        }

        let dossierCode = try required(code, "MaHoSo")
        let procedureCode = try required(procedure, "MaTTHC")
        let unitCode = try required(unit, "DonViXuLy")
        guard let receivedAt = try received?.instant("NgayTiepNhan") else {
            throw .missing("NgayTiepNhan", expected: Expected.dateTime)
        }
        let statusCode = try required(status, "TrangThaiHoSo", expected: "mã trạng thái")
        guard let state = statusMapping.state(for: statusCode) else {
            throw FieldFailure(
                kind: .unknownStatus, field: "TrangThaiHoSo",
                expected: "mã trạng thái đã khai báo (\(statusMapping.codes.joined(separator: ", ")))", found: statusCode)
        }
        let channelText = try required(channel, "KenhThucHien", expected: "kênh 1, 2 hoặc 3")
        guard let channelNumber = Int(channelText), let dossierChannel = Dossier.Channel(rawValue: channelNumber) else {
            throw .invalid("KenhThucHien", expected: "kênh 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính)", found: channelText)
        }
        var dossierApplicant = Dossier.Applicant.citizen
        if let number = try applicant?.integer("LoaiDoiTuong") {
            guard let value = Dossier.Applicant(rawValue: number) else {
                throw .invalid("LoaiDoiTuong", expected: "1 (công dân) hoặc 2 (doanh nghiệp)", found: String(number))
            }
            dossierApplicant = value
        }
        let submittedAt = try submitted?.instant("NgayNopHoSo")
        let dueAt = try due?.instant("NgayHenTra")
        let returnedAt = try returned?.instant("NgayTra")
        let endedAt = try ended?.instant("NgayKetThucXuLy")
        var processedAt: Instant?
        var stoppedAt: Instant?
        switch state {
        case .processed, .returned: processedAt = endedAt ?? returnedAt
        case .refused, .stopped, .withdrawn: stoppedAt = endedAt ?? returnedAt
        default: break
        }

        var components: [Component] = []
        let componentListItems = try componentList?.list("TaiLieuNop") ?? []
        components.reserveCapacity(componentListItems.count)
        for (offset, item) in componentListItems.enumerated() {
            func path() -> String { "TaiLieuNop[\(offset + 1)]" }
            let fields = try item.members(path())
            components.append(
                Component(
                    code: try fields.text("MaThanhPhanHoSo", in: path()) ?? "",
                    digitized: try fields.flag("DuocSoHoa", in: path()),
                    reused: try fields.flag("DuocTaiSuDung", in: path()),
                    fromDataStore: try fields.flag("DuocLayTuKhoDMQG", in: path())))
        }
        var fees: [Fee] = []
        let feeListItems = try feeList?.list("DanhSachLePhi") ?? []
        fees.reserveCapacity(feeListItems.count)
        for (offset, item) in feeListItems.enumerated() {
            func path() -> String { "DanhSachLePhi[\(offset + 1)]" }
            let fields = try item.members(path())
            guard let amount = try fields.value("Gia")?.amount(path() + ".Gia") else {
                throw .missing(path() + ".Gia", expected: Expected.amount)
            }
            fees.append(
                Fee(
                    code: try fields.text("MaPhiLePhi", in: path()) ?? "", name: try fields.text("TenPhiLePhi", in: path()) ?? "",
                    amount: amount))
        }
        var supplements: [SupplementRequest] = []
        let supplementListItems = try supplementList?.list("DanhSachHoSoBoSung") ?? []
        supplements.reserveCapacity(supplementListItems.count)
        for (offset, item) in supplementListItems.enumerated() {
            func path() -> String { "DanhSachHoSoBoSung[\(offset + 1)]" }
            let fields = try item.members(path())
            guard let requestedAt = try fields.instant("NgayBoSung", in: path()) else {
                throw .missing(path() + ".NgayBoSung", expected: Expected.dateTime)
            }
            supplements.append(
                SupplementRequest(
                    requestedAt: requestedAt, suppliedAt: try fields.instant("NgayTiepNhanBoSung", in: path()),
                    previousDueAt: try fields.instant("NgayHenTraTruoc", in: path()),
                    newDueAt: try fields.instant("NgayHenTraMoi", in: path())))
        }
        var results: [ResultDocument] = []
        let resultListItems = try resultList?.list("DanhSachGiayToKetQua") ?? []
        results.reserveCapacity(resultListItems.count)
        for (offset, item) in resultListItems.enumerated() {
            func path() -> String { "DanhSachGiayToKetQua[\(offset + 1)]" }
            let fields = try item.members(path())
            results.append(
                ResultDocument(
                    name: try fields.text("TenGiayTo", in: path()) ?? "",
                    hasFile: try fields.text("DuongDanTepTinKetQua", in: path()) != nil,
                    syncedToDataStore: try fields.text("GiayToId", in: path()) != nil))
        }
        var databases: [String] = []
        let databaseListItems = try databaseList?.list("DSKetNoiCSDL") ?? []
        databases.reserveCapacity(databaseListItems.count)
        for (offset, item) in databaseListItems.enumerated() {
            func path() -> String { "DSKetNoiCSDL[\(offset + 1)]" }
            let name: String?
            if case .object(let fields) = item {
                name = try fields.text("MaCSDL", in: path())
            } else {
                name = try item.text(path())
            }
            if let name { databases.append(name) }
        }
        var dossierPayment = Dossier.Payment.notOnline
        if let number = try payment?.integer("DuocThanhToanTrucTuyen") {
            guard let value = Dossier.Payment(rawValue: number) else {
                throw .invalid(
                    "DuocThanhToanTrucTuyen", expected: "0 (không), 1 (qua Cổng DVCQG) hoặc 2 (qua cổng của tỉnh)",
                    found: String(number))
            }
            dossierPayment = value
        }
        var isSynced = synced
        if let syncedFlag, syncedFlag != .null, !(syncedFlag == .string("")) {
            isSynced = try syncedFlag.flag("DaDongBo")
        }

        return Dossier(
            code: dossierCode, procedureCode: procedureCode, unitCode: unitCode, channel: dossierChannel,
            applicant: dossierApplicant, submittedAt: submittedAt, receivedAt: receivedAt, dueAt: dueAt, state: state,
            processedAt: processedAt, returnedAt: returnedAt, stoppedAt: stoppedAt, supplements: supplements, fees: fees,
            payment: dossierPayment, components: components, results: results,
            hasDigitizedComponents: try digitized?.flag("HoSoCoThanhPhanSoHoa") ?? false,
            vneidAuthenticated: try vneid?.flag("TaiKhoanDuocXacThucVoiVNeID") ?? false, databasesConsulted: databases,
            synced: isSynced)
    }
}
