public import ChiSoCore

/// Writes demo data in exactly the formats ChiSoIngest reads: DVCQG `DongBoHoSoMC` JSON lines and the units,
/// procedures, petitions, ratings and targets CSV files.
///
/// Every function is pure and streams: it hands each record, as one `\n`-terminated line (the CSV header first),
/// to a sink, so a caller can write a year of dossiers to a file without holding the text in memory.
///
/// ```swift
/// try DemoWriter.writeDossiers(data.dossiers, procedures: data.procedures) { line in try file.write(line) }
/// ```
public enum DemoWriter {
    // MARK: Dossiers

    /// Writes dossiers as DVCQG `DongBoHoSoMC` JSON lines, one object a line.
    ///
    /// - Parameter procedures: the catalogue, for the procedure and field names (`TenTTHC`, `TenLinhVuc`...).
    public static func writeDossiers(
        _ dossiers: some Sequence<Dossier>, procedures: [Procedure], to sink: (String) throws -> Void
    ) rethrows {
        var byCode: [String: Procedure] = [:]
        for procedure in procedures where byCode[procedure.code] == nil { byCode[procedure.code] = procedure }
        for dossier in dossiers {
            try sink(dossierJSON(dossier, procedure: byCode[dossier.procedureCode]) + "\n")
        }
    }

    /// The DVCQG status code (`TrangThaiHoSo`) of a state: 1 registered … 10 returned. A paused dossier is
    /// written as processing (4), the portal having no code for pauses.
    public static func dvcqgStatus(_ state: Dossier.State) -> Int {
        switch state {
        case .registered: return 1
        case .received: return 2
        case .refused: return 3
        case .processing, .paused: return 4
        case .waitingForSupplement: return 5
        case .withdrawn: return 7
        case .stopped: return 8
        case .processed: return 9
        case .returned: return 10
        }
    }

    /// One dossier as a `DongBoHoSoMC` JSON object (without a line break), keys in the portal's order.
    ///
    /// Every field ChiSoIngest maps is written; the applicant's name, identifier and contacts are invented from the
    /// dossier code, deterministically. Absent dates are empty strings, as the portal writes them. Pauses have no
    /// field in `DongBoHoSoMC`: they are described in `GhiChu` only.
    public static func dossierJSON(_ d: Dossier, procedure: Procedure?) -> String {
        var o = JSONObjectText()
        let person = Applicant(code: d.code, business: d.applicant == .business)
        let procedureName = procedure?.name ?? ""
        o.string("MaHoSo", d.code)
        o.string("MaTTHC", d.procedureCode)
        o.string("TenTTHC", procedureName)
        o.string("MaLinhVuc", procedure?.fieldCode ?? "")
        o.string("TenLinhVuc", procedure?.fieldName ?? "")
        o.number("KenhThucHien", d.channel.rawValue)
        o.string("ChuHoSo", person.name)
        o.number("LoaiDoiTuong", d.applicant.rawValue)
        o.string("MaDoiTuong", person.identifier)
        o.string("Email", person.email)
        o.string("SoDienThoai", person.phone)
        o.string("TrichYeuHoSo", procedureName.isEmpty ? person.name : "\(procedureName) - \(person.name)")
        o.string("NgayNopHoSo", d.submittedAt?.dvcqg ?? "")
        o.string("NgayTiepNhan", d.receivedAt.dvcqg)
        o.string("NgayHenTra", d.dueAt?.dvcqg ?? "")
        o.number("TrangThaiHoSo", dvcqgStatus(d.state))
        o.string("NgayTra", d.returnedAt?.dvcqg ?? "")
        o.string("NgayKetThucXuLy", (d.processedAt ?? d.stoppedAt)?.dvcqg ?? "")
        o.string("DonViXuLy", d.unitCode)
        o.number("HinhThuc", d.channel == .online ? 1 : 0)
        o.string("GhiChu", note(d))
        o.array(
            "TaiLieuNop",
            d.components.enumerated().map { i, c in
                var item = JSONObjectText()
                item.string("TenTepDinhKem", "\(c.code).pdf")
                item.string("MaThanhPhanHoSo", c.code)
                item.string("DuongDanTaiTepTin", "/files/\(d.code)/\(i + 1).pdf")
                item.flag("DuocSoHoa", c.digitized)
                item.flag("DuocTaiSuDung", c.reused)
                item.flag("DuocLayTuKhoDMQG", c.fromDataStore)
                return item
            })
        o.array(
            "DanhSachLePhi",
            d.fees.map { f in
                var item = JSONObjectText()
                item.string("TenPhiLePhi", f.name)
                item.string("MaPhiLePhi", f.code)
                item.number("HinhThucThu", d.paidOnline ? 2 : 1)
                item.number("Gia", f.amount)
                item.number("LoaiPhiLePhi", f.name.hasPrefix("Lệ phí") ? 2 : 1)
                return item
            })
        o.array(
            "DanhSachHoSoBoSung",
            d.supplements.map { s in
                var item = JSONObjectText()
                item.string("NgayBoSung", s.requestedAt.dvcqg)
                item.string("NgayTiepNhanBoSung", s.suppliedAt?.dvcqg ?? "")
                item.string("NgayHenTraTruoc", s.previousDueAt?.dvcqg ?? "")
                item.string("NgayHenTraMoi", s.newDueAt?.dvcqg ?? "")
                item.number("TrangThaiBoSung", s.suppliedAt == nil ? 0 : 1)
                return item
            })
        o.array(
            "DanhSachGiayToKetQua",
            d.results.enumerated().map { i, r in
                var item = JSONObjectText()
                item.string("TenGiayTo", r.name)
                item.string("MaThanhPhanHoSo", "KQ.\(d.procedureCode).\(i + 1)")
                item.string("GiayToId", r.syncedToDataStore ? "GT-\(d.code)-\(i + 1)" : "")
                item.string("DuongDanTepTinKetQua", r.hasFile ? "/files/\(d.code)/ketqua-\(i + 1).pdf" : "")
                return item
            })
        o.flag("HoSoCoThanhPhanSoHoa", d.hasDigitizedComponents)
        o.number("DuocThanhToanTrucTuyen", d.payment.rawValue)
        o.flag("TaiKhoanDuocXacThucVoiVNeID", d.vneidAuthenticated)
        o.array(
            "DSKetNoiCSDL",
            d.databasesConsulted.map { name in
                var item = JSONObjectText()
                item.string("MaCSDL", name)
                return item
            })
        if !d.synced { o.flag("DaDongBo", false) }
        return o.closed
    }

    private static func note(_ d: Dossier) -> String {
        var parts: [String] = []
        switch d.state {
        case .refused: parts.append("Hồ sơ không đủ điều kiện tiếp nhận")
        case .withdrawn: parts.append("Công dân yêu cầu rút hồ sơ")
        case .stopped: parts.append("Dừng xử lý hồ sơ")
        default: break
        }
        for pause in d.pauses {
            parts.append("Tạm dừng xử lý từ \(pause.startedAt.dvcqg) đến \(pause.endedAt?.dvcqg ?? "")")
        }
        return parts.joined(separator: "; ")
    }

    // MARK: CSV files

    /// Writes a units file: `code,name,kind,parent_code,valid_from,valid_to,e_certified_copy`.
    public static func writeUnits(_ units: some Sequence<Unit>, to sink: (String) throws -> Void) rethrows {
        try sink(CSVText.line(["code", "name", "kind", "parent_code", "valid_from", "valid_to", "e_certified_copy"]))
        for u in units {
            try sink(
                CSVText.line([
                    u.code, u.name, u.kind.rawValue, u.parentCode ?? "", u.validFrom?.description ?? "", u.validTo?.description ?? "",
                    u.offersElectronicCertifiedCopy ? "1" : "0",
                ]))
        }
    }

    /// Writes a procedure catalogue file, with every column ChiSoIngest reads (lists separated by `;`).
    public static func writeProcedures(_ procedures: some Sequence<Procedure>, to sink: (String) throws -> Void) rethrows {
        try sink(
            CSVText.line([
                "code", "name", "field_code", "field_name", "online_level", "result_required", "fee_bearing", "statutory_time",
                "statutory_unit", "applicants", "unit_codes", "unit_kinds", "decision_date", "effective_date", "publicized_date",
                "content_complete", "by_ministry",
            ]))
        for p in procedures {
            let publication = p.publication
            try sink(
                CSVText.line([
                    p.code, p.name, p.fieldCode, p.fieldName, p.onlineLevel.rawValue, p.resultDocumentRequired ? "1" : "0",
                    p.feeBearing ? "1" : "0", p.statutoryTime.map { String($0.value) } ?? "", p.statutoryTime?.unit.rawValue ?? "",
                    p.applicants.rawValue, p.unitCodes.joined(separator: ";"), p.unitKinds.map(\.rawValue).joined(separator: ";"),
                    publication.decisionDate?.description ?? "", publication.effectiveDate?.description ?? "",
                    publication.publicizedDate?.description ?? "", publication.contentComplete.map { $0 ? "1" : "0" } ?? "",
                    publication.byMinistry ? "1" : "0",
                ]))
        }
    }

    /// Writes a petitions file: `code,unit_code,received_at,resolved_at,rating,repeated,dossier_code`.
    public static func writePetitions(_ petitions: some Sequence<Petition>, to sink: (String) throws -> Void) rethrows {
        try sink(CSVText.line(["code", "unit_code", "received_at", "resolved_at", "rating", "repeated", "dossier_code"]))
        for p in petitions {
            try sink(
                CSVText.line([
                    p.code, p.unitCode, p.receivedAt.dvcqg, p.resolvedAt?.dvcqg ?? "", p.rating?.rawValue ?? "", p.repeated ? "1" : "0",
                    p.dossierCode ?? "",
                ]))
        }
    }

    /// Writes a ratings file: `dossier_code,value,rated_at`.
    public static func writeRatings(_ ratings: some Sequence<Rating>, to sink: (String) throws -> Void) rethrows {
        try sink(CSVText.line(["dossier_code", "value", "rated_at"]))
        for r in ratings {
            try sink(CSVText.line([r.dossierCode, r.value.rawValue, r.ratedAt?.dvcqg ?? ""]))
        }
    }

    /// Writes a targets file: `indicator,applies_to,period,target_percent,source`.
    public static func writeTargets(_ targets: some Sequence<Target>, to sink: (String) throws -> Void) rethrows {
        try sink(CSVText.line(["indicator", "applies_to", "period", "target_percent", "source"]))
        for t in targets {
            let scope: String
            switch t.scope {
            case .all: scope = "all"
            case .kind(let kind): scope = kind.rawValue
            case .unit(let code): scope = code
            }
            let percent = t.percent == t.percent.rounded() && abs(t.percent) < 1e15 ? String(Int(t.percent)) : String(t.percent)
            try sink(CSVText.line([t.indicator.rawValue, scope, t.period.description, percent, t.source]))
        }
    }

    /// Collects what a writer hands its sink into one string, for small outputs and tests.
    public static func text(_ write: ((String) -> Void) -> Void) -> String {
        var out = ""
        write { out += $0 }
        return out
    }
}

/// An applicant invented from a dossier code: name, identifier and contacts.
struct Applicant {
    var name: String
    var identifier: String
    var email: String
    var phone: String

    init(code: String, business: Bool) {
        var rng = SeededGenerator(seed: stableHash(code))
        if business {
            let word = DemoCatalogue.companyWords[rng.int(0...(DemoCatalogue.companyWords.count - 1))]
            let form = DemoCatalogue.companyForms[rng.int(0...(DemoCatalogue.companyForms.count - 1))]
            name = "\(form) \(word)"
            identifier = "38" + pad(rng.int(0...99_999_999), 8)
            email = "lienhe\(pad(rng.int(0...9_999), 4))@doanhnghiep.example.vn"
        } else {
            let surname = DemoCatalogue.surnames[rng.int(0...(DemoCatalogue.surnames.count - 1))]
            let middle = DemoCatalogue.middleNames[rng.int(0...(DemoCatalogue.middleNames.count - 1))]
            let given = DemoCatalogue.givenNames[rng.int(0...(DemoCatalogue.givenNames.count - 1))]
            name = "\(surname) \(middle) \(given)"
            identifier = "070" + pad(rng.int(0...999_999_999), 9)
            email = "congdan\(pad(rng.int(0...99_999), 5))@example.vn"
        }
        phone = "09" + pad(rng.int(0...99_999_999), 8)
    }
}
