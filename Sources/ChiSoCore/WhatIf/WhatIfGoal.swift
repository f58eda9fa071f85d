/// What a unit wants to reach in a period ("what it would take").
public enum WhatIfGoal: Hashable, Sendable, CustomStringConvertible {
    /// Every target the province assigned the unit for the period (chỉ tiêu giao) met.
    case target
    /// The classification band above the one the unit is heading for.
    case nextClass
    /// A total of at least this many points.
    case points(Double)
    /// This rank or better among the units of its level.
    case rank(Int)

    /// Parses `target`, `next-class`, `points:N` or `rank:N`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first ?? "", parts.count) {
        case ("target", 1): self = .target
        case ("next-class", 1): self = .nextClass
        case ("points", 2):
            guard let n = Double(parts[1]), n.isFinite else { return nil }
            self = .points(n)
        case ("rank", 2):
            guard let n = Int(parts[1]) else { return nil }
            self = .rank(n)
        default: return nil
        }
    }

    /// The written form `init(_:)` parses.
    public var description: String {
        switch self {
        case .target: return "target"
        case .nextClass: return "next-class"
        case .points(let n): return "points:\(n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : Decimal2.plain(n))"
        case .rank(let n): return "rank:\(n)"
        }
    }

    /// The goal as a user reads it.
    public var vietnamese: String {
        switch self {
        case .target: return "đạt tất cả chỉ tiêu được giao"
        case .nextClass: return "lên mức xếp loại kế tiếp"
        case .points(let n): return "đạt \(Decimal2.vietnamese(n)) điểm"
        case .rank(let n): return "đứng hạng \(n) trở lên trong cấp"
        }
    }
}

/// A change a unit can make to its data before the period ends, one dossier or petition at a time.
public enum WhatIfAction: String, Hashable, Sendable, Codable, CaseIterable {
    /// An open dossier that will turn overdue is resolved now, on time, with an electronic result where the
    /// procedure issues a result document.
    case resolveOnTime = "resolve_on_time"
    /// An open petition that will turn overdue is answered now.
    case answerPetition = "answer_petition"
    /// A dossier of a fee-bearing procedure is paid online.
    case payOnline = "pay_online"
    /// A dossier received in person is received online instead (procedures offered online).
    case receiveOnline = "receive_online"
    /// A dossier's components are digitised.
    case digitize

    /// What the action is, as a user reads it.
    public var vietnamese: String {
        switch self {
        case .resolveOnTime: return "Giải quyết đúng hạn hồ sơ đang xử lý sắp quá hạn (kèm kết quả điện tử)"
        case .answerPetition: return "Trả lời phản ánh, kiến nghị trước khi quá hạn"
        case .payOnline: return "Thêm hồ sơ thanh toán phí, lệ phí trực tuyến"
        case .receiveOnline: return "Thêm hồ sơ tiếp nhận trực tuyến thay cho trực tiếp"
        case .digitize: return "Thêm hồ sơ được số hóa thành phần"
        }
    }
}
