import ChiSoCore
import ChiSoIngest
import ChiSoStore
import Foundation

/// The one path by which the national portal's figures reach the store, for `chiso import --kind national`,
/// `chiso national fetch` and the demo: answers or tables read, snapshots assembled, saved with their raw
/// answers and the unreadable parts in quarantine, and one Vietnamese summary line per snapshot.
struct NationalImporter {
    let store: any Store
    /// The portal's id (or, for a table, the code or name) of the province, when given.
    var provinceID: String?
    /// Prints the problems found in the input.
    var printIssues = true

    /// Where a snapshot's time of export comes from when the input does not say it.
    struct ExportTime {
        var instant: Instant
        var source: NationalTakenAtSource
    }

    /// Imports files (answers, folders or ZIPs of answers, or tables); the answers form one snapshot of `period`,
    /// each table one snapshot per period it holds.
    ///
    /// - Parameters:
    ///   - period: the period of the answers (they do not say it); for a table, only that period is kept.
    ///   - takenAt: `--taken-at`, used when the input does not say its time of export.
    ///   - now: the time of import.
    /// - Returns: one summary line per snapshot.
    /// - Throws: when a file cannot be read, answers come without a period, or nothing could be read.
    func importFiles(_ paths: [String], period: Period?, takenAt: Instant?, now: Instant) async throws -> [String] {
        var answerFiles: [NationalInputFile] = []
        var tables: [NationalInputFile] = []
        for path in paths {
            for file in try NationalInputFile.files(atPath: path) {
                switch file.pathExtension {
                case "csv", "tsv", "xlsx", "xlsm": tables.append(file)
                default: answerFiles.append(file)
                }
            }
        }
        let fallback = takenAt.map { ExportTime(instant: $0, source: .given) } ?? ExportTime(instant: now, source: .importTime)
        var lines: [String] = []
        if !answerFiles.isEmpty {
            guard let period else {
                throw CommandFailure(
                    "câu trả lời của Cổng không ghi kỳ số liệu: cần --period (ví dụ --period 2026-08) cho "
                        + answerFiles.map(\.name).joined(separator: ", "))
            }
            lines.append(try await importAnswers(answerFiles, period: period, fallback: fallback, now: now, label: paths.map(Inputs.name)))
        }
        for table in tables {
            lines += try await importTable(table, period: period, fallback: fallback, now: now)
        }
        return lines
    }

    /// Reads answers (files of the portal's answers, or answers just fetched), assembles one snapshot and saves it.
    func importAnswers(
        _ files: [NationalInputFile], period: Period, fallback: ExportTime, now: Instant, label: [String]
    ) async throws -> String {
        var answers: [NationalAnswer] = []
        var raws: [NationalRawAnswer] = []
        var issues: [IngestIssue] = []
        for file in files {
            let read = NationalAnswerReader.read(file)
            answers += read.answers
            raws += read.raws
            issues += read.issues
        }
        let written = NationalSnapshotAssembly.exportTime(answers)
        let time = written.map { ExportTime(instant: $0, source: .file) } ?? fallback
        let assembled = NationalSnapshotAssembly.snapshot(answers, period: period, takenAt: time.instant, provinceID: provinceID)
        issues += assembled.issues
        report(issues)
        guard !answers.isEmpty else {
            throw CommandFailure("không đọc được câu trả lời nào của Cổng trong \(label.joined(separator: ", ")) (\(issues.count) lỗi)")
        }
        return try await save(assembled.snapshot, source: time.source, raws: raws, issues: issues, now: now, label: label)
    }

    /// Reads a table and saves one snapshot per period.
    func importTable(_ file: NationalInputFile, period: Period?, fallback: ExportTime, now: Instant) async throws -> [String] {
        guard NationalTableReader.looksLikeTable(file) else {
            throw CommandFailure(
                "\(file.name): không phải bảng số liệu của Cổng (cần các cột kỳ, đơn vị, chỉ số hoặc nhóm, và tử số, mẫu số, tỷ lệ, điểm hoặc xếp hạng)"
            )
        }
        let read = try NationalTableReader.read(file, fallbackTakenAt: fallback.instant, provinceID: provinceID)
        report(read.issues)
        var parts = read.parts
        if let period {
            parts = parts.filter { $0.snapshot.period == period }
            guard !parts.isEmpty else { throw CommandFailure("\(file.name): không có số liệu của kỳ \(period)") }
        }
        guard !parts.isEmpty else { throw CommandFailure("\(file.name): không đọc được dòng số liệu nào (\(read.issues.count) lỗi)") }
        var lines: [String] = []
        for (index, part) in parts.enumerated() {
            // The table's problems are quarantined once, with its first snapshot.
            lines.append(
                try await save(
                    part.snapshot, source: part.takenAtInFile ? .file : fallback.source, raws: [read.raw], issues: index == 0 ? read.issues : [],
                    now: now, label: [file.name]))
        }
        return lines
    }

    // Swift 6.3.1's optimiser crashes (signal 11 while splitting the async coroutine that inlines this function, around
    // the typed error of `store.save`) in release builds; this one-off write gains nothing from optimisation.
    @_optimize(none)
    private func save(
        _ snapshot: NationalSnapshot, source: NationalTakenAtSource, raws: [NationalRawAnswer], issues: [IngestIssue], now: Instant,
        label: [String]
    ) async throws -> String {
        let log = try await store.beginImport(file: label.joined(separator: ", "), kind: .national, at: now)
        let saved: NationalSnapshotSaved
        do {
            saved = try await store.save(
                nationalSnapshot: snapshot, takenAtSource: source, answers: raws, quarantine: issues.map(QuarantinedRecord.init), at: now)
        } catch {
            try? await store.finishImport(log, status: .failed, at: now)
            throw error
        }
        try await store.finishImport(log, status: .completed, at: now)
        // The same answers again: the summary describes the snapshot stored before (its time of export).
        if !saved.isNew, let stored = try await store.nationalSnapshot(id: saved.id) {
            return NationalSummary.line(stored.snapshot, source: stored.info.takenAtSource, saved: saved, answers: raws.count, issues: issues.count)
        }
        return NationalSummary.line(snapshot, source: source, saved: saved, answers: raws.count, issues: issues.count)
    }

    private func report(_ issues: [IngestIssue]) {
        guard printIssues, !issues.isEmpty else { return }
        var err = StandardError()
        for issue in issues { print("  cách ly: \(issue.message)", to: &err) }
    }
}

/// The Vietnamese summary of a stored snapshot.
enum NationalSummary {
    static let groupNames: [NationalGroup: String] = {
        let methodology = try? MethodologyFile.builtIn("qd766-2026")
        var names: [NationalGroup: String] = [:]
        for group in NationalGroup.allCases {
            names[group] = methodology?.groups.first { $0.id == group.methodologyGroupID }?.name ?? group.rawValue
        }
        return names
    }()

    static func time(_ instant: Instant) -> String {
        let s = instant.localSecondOfDay
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(two(s / 3600)):\(two(s / 60 % 60)) ngày \(instant.localDate.vietnamese)"
    }

    static func line(_ snapshot: NationalSnapshot, source: NationalTakenAtSource, saved: NationalSnapshotSaved, answers: Int, issues: Int) -> String {
        var parts: [String] = []
        let head = "Số liệu Cổng DVCQG \(snapshot.period.vietnameseName) (bản số \(saved.id))"
        if snapshot.isComplete {
            parts.append("đủ 6/6 nhóm chỉ số")
        } else {
            let missing = NationalGroup.allCases.filter { !snapshot.groupsPresent.contains($0) }.map { groupNames[$0] ?? $0.rawValue }
            parts.append("chưa đủ: \(snapshot.groupsPresent.count)/6 nhóm, thiếu \(missing.joined(separator: ", "))")
        }
        if !saved.isNew {
            parts.append("đã có cùng các câu trả lời này, không ghi thêm")
        } else if saved.keptComplete {
            parts.append("không thay thế bản đầy đủ số \(saved.current) đang dùng cho kỳ này")
        } else if saved.isCurrent {
            parts.append("là bản đang dùng cho kỳ này")
        }
        parts.append("xuất lúc \(time(snapshot.takenAt)) (\(source.vietnamese))")
        parts.append(snapshot.isProvisional ? "số liệu tạm tính (kỳ chưa kết thúc lúc xuất)" : "kỳ đã kết thúc")
        let units = snapshot.units.filter { !$0.isProvince }.count
        var read = "\(units) đơn vị" + (snapshot.province != nil ? " và số liệu toàn tỉnh" : "")
        if !snapshot.provinces.isEmpty { read += ", xếp hạng \(snapshot.provinces.count) tỉnh, thành phố" }
        parts.append(read)
        parts.append("\(answers) câu trả lời lưu nguyên văn")
        if issues > 0 { parts.append("\(issues) lỗi đưa vào khu cách ly") }
        return head + ": " + parts.joined(separator: "; ")
    }
}
