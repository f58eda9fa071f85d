/// An agency whose service is measured (đơn vị): the province, a department, a district, a commune...
///
/// Units form a tree through `parentCode`. Units have a validity interval because the administrative map
/// changes: districts ceased to exist and communes merged on 1 July 2025.
public struct Unit: Hashable, Sendable, Identifiable {
    /// The kind of a unit, which decides the level it is ranked in.
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case province, department, district, commune, other

        /// The Vietnamese name of the level, as in the seeds ("Cấp tỉnh", "Cấp sở"...).
        public var levelName: String {
            switch self {
            case .province: return "Cấp tỉnh"
            case .department: return "Sở, ban, ngành"
            case .district: return "Cấp huyện"
            case .commune: return "Cấp xã"
            case .other: return "Đơn vị khác"
            }
        }
    }

    /// Identifier code (mã định danh), e.g. `000.00.15.H15`.
    public var code: String
    /// Vietnamese name.
    public var name: String
    public var kind: Kind
    /// Code of the parent unit, nil for the root.
    public var parentCode: String?
    /// First day the unit exists, nil when always.
    public var validFrom: LocalDate?
    /// Last day the unit exists, nil when still existing.
    public var validTo: LocalDate?
    /// Whether the unit (a commune) offers electronic certified copies (chứng thực bản sao điện tử).
    public var offersElectronicCertifiedCopy: Bool

    public var id: String { code }

    public init(
        code: String, name: String, kind: Kind, parentCode: String? = nil, validFrom: LocalDate? = nil,
        validTo: LocalDate? = nil, offersElectronicCertifiedCopy: Bool = false
    ) {
        self.code = code
        self.name = name
        self.kind = kind
        self.parentCode = parentCode
        self.validFrom = validFrom
        self.validTo = validTo
        self.offersElectronicCertifiedCopy = offersElectronicCertifiedCopy
    }

    /// Whether the unit exists on at least one day of a period.
    public func isValid(during period: Period) -> Bool {
        if let from = validFrom, from > period.end { return false }
        if let to = validTo, to < period.start { return false }
        return true
    }
}
