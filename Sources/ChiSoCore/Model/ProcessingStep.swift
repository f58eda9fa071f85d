/// One processing step of a dossier, as one-stop systems push it to DVCQG (`CapNhatTienDoHoSoMC`).
public struct ProcessingStep: Hashable, Sendable {
    /// The dossier's code (`MaHoSo`).
    public var dossierCode: String
    /// When the step happened (`ThoiDiemXuLy`).
    public var processedAt: Instant
    /// Who handled the step (`NguoiXuLy`).
    public var handler: String?
    /// The handler's title (`ChucDanh`).
    public var title: String?
    /// The department that handled it (`PhongBanXuLy`).
    public var department: String?
    /// What was done (`NoiDungXuLy`).
    public var content: String?
    /// The source's status code after the step (`TrangThai`), as sent.
    public var status: String?
    /// When the step started (`NgayBatDau`).
    public var startedAt: Instant?
    /// The step's statutory deadline (`NgayKetThucTheoQuyDinh`).
    public var dueAt: Instant?

    public init(
        dossierCode: String, processedAt: Instant, handler: String? = nil, title: String? = nil, department: String? = nil,
        content: String? = nil, status: String? = nil, startedAt: Instant? = nil, dueAt: Instant? = nil
    ) {
        self.dossierCode = dossierCode
        self.processedAt = processedAt
        self.handler = handler
        self.title = title
        self.department = department
        self.content = content
        self.status = status
        self.startedAt = startedAt
        self.dueAt = dueAt
    }
}
