import ArgumentParser
import ChiSoCore
import ChiSoDemo
import ChiSoIngest
import ChiSoStore
import Foundation

/// `chiso bench-store`: measures importing DVCQG JSON lines into a fresh SQLite database (judging their facts), and
/// scoring a province-year and a month from its judged facts; prints the figures and the peak memory.
struct BenchStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-store",
        abstract: "Đo tốc độ nhập hồ sơ JSON lines vào cơ sở dữ liệu và tính chỉ số một năm, một tháng từ cơ sở dữ liệu (chạy bản release)."
    )

    @Option(help: "Số hồ sơ.") var dossiers = 1_000_000
    @Option(help: "Số đơn vị.") var units = 200
    @Option(help: "Hạt giống ngẫu nhiên.") var seed: UInt64 = 766
    @Option(help: "Thư mục làm việc (mặc định: thư mục tạm, xóa khi xong).") var workDir: String?
    @Option(help: "Số bản ghi mỗi giao dịch.") var batchSize = 20_000
    @Flag(help: "Nhập khi chưa có dữ kiện chấm điểm (như cơ sở dữ liệu của phiên bản trước): dữ kiện được tính ở lần tính chỉ số đầu tiên.")
    var factsLater = false

    func validate() throws {
        guard dossiers > 0, units > 1, batchSize > 0 else { throw ValidationError("--dossiers, --units, --batch-size phải lớn hơn 0") }
    }

    func run() async throws {
        let fm = FileManager.default
        let dir = workDir ?? NSTemporaryDirectory() + "chiso-bench-store-\(ProcessInfo.processInfo.processIdentifier)"
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if workDir == nil { try? fm.removeItem(atPath: dir) } }
        let jsonl = dir + "/dossiers.jsonl"
        let dbPath = dir + "/bench.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: dbPath + suffix) }

        let catalogue = SyntheticProvince(units: units, dossiers: 0, seed: seed)
        let bytes = try SyntheticDVCQG.write(count: dossiers, catalogue: catalogue, seed: seed, to: jsonl)
        print(
            "Dữ liệu: \(dossiers) hồ sơ DVCQG JSON lines (\(bytes / 1_000_000) MB) trong năm 2026, \(catalogue.units.count) đơn vị, \(catalogue.procedures.count) TTHC"
        )

        let calendar = try CalendarFile.builtIn()
        let basis = JudgingBasis(calendar: calendar)
        let store = try SQLiteStore(path: dbPath)
        // Facts are judged at import, with the official calendar (or, with --facts-later, at the first scoring).
        if !factsLater { try store.recordFactsBasisIfEmpty(basis) }
        let now = Instant.now
        _ = try await store.ingest(units: IngestBatch(records: catalogue.units.map { Sourced($0, origin: RecordOrigin(fileName: "bench")) }, at: now))
        _ = try await store.ingest(
            procedures: IngestBatch(records: catalogue.procedures.map { Sourced($0, origin: RecordOrigin(fileName: "bench")) }, at: now))

        let clock = ContinuousClock()
        var summary = ""
        let importTime = try await clock.measure {
            summary = try await FileImporter(store: store, batchSize: batchSize, printIssues: false).run(path: jsonl, kind: .dossiers)
        }
        print(summary)
        let importSeconds = importTime.seconds
        print("Nhập: \(ms(importSeconds)), \(Int(Double(dossiers) / importSeconds)) hồ sơ/giây (mục tiêu ≥ 50.000)")

        // Re-import: everything unchanged.
        let reimportTime = try await clock.measure {
            summary = try await FileImporter(store: store, batchSize: batchSize, printIssues: false).run(path: jsonl, kind: .dossiers)
        }
        print(summary)
        print("Nhập lại (không đổi): \(ms(reimportTime.seconds)), \(Int(Double(dossiers) / reimportTime.seconds)) hồ sơ/giây")

        if factsLater {
            let judging = try clock.measure { _ = try store.prepareFactsBlocking(basis: basis) }
            print("Tính dữ kiện chấm điểm cho \(dossiers) hồ sơ đã lưu (như chiso migrate): \(ms(judging.seconds))")
        }
        for period in [Period.year(2026), Period("2026-08")!] {
            for run in 1...3 {
                var checksum = 0
                let total = try clock.measure {
                    let a = try store.aggregateBlocking(period: period, asOf: nil, basis: basis, includeChildren: true)
                    checksum = a.figures[0].processing.total
                }
                print(
                    "Tính chỉ số kỳ \(period) từ dữ kiện đã chấm trong cơ sở dữ liệu (lần \(run)): \(ms(total.seconds)); "
                        + "tổng hồ sơ của tỉnh: \(checksum)")
            }
        }
        let size =
            ((try? fm.attributesOfItem(atPath: dbPath)[.size] as? Int) ?? 0)
            + ((try? fm.attributesOfItem(atPath: dbPath + "-wal")[.size] as? Int) ?? 0)
        print("Kích thước cơ sở dữ liệu: \(size / 1_000_000) MB")
        print("Bộ nhớ đỉnh (VmHWM): \(peakMemory())")
    }

    private func ms(_ s: Double) -> String { Decimal2.vietnamese(s * 1000, places: 0) + " ms" }

    private func peakMemory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return "không đo được" }
        return line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Synthetic DongBoHoSoMC records spread over 2026, as JSON lines.
enum SyntheticDVCQG {
    /// Writes `count` records; returns the number of bytes written.
    static func write(count: Int, catalogue: SyntheticProvince, seed: UInt64, to path: String) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CommandFailure("không tạo được tệp \(path)")
        }
        defer { try? handle.close() }
        var rng = SeededGenerator(seed: seed)
        let start = Instant(local: LocalDate(year: 2026, month: 1, day: 1)!)
        var buffer = ""
        var written = 0
        let units = catalogue.units
        for i in 0..<count {
            let unit = 1 + Int(rng.next() % UInt64(units.count - 1))
            let procedure = catalogue.procedures[(unit <= 20 ? 0 : 150) + Int(rng.next() % 150)]
            let received = start.adding(seconds: Int64(rng.next() % (365 * 86_400)))
            let due = received.adding(seconds: Int64(3 + rng.next() % 10) * 86_400)
            let ended = rng.next() % 10 < 8
            let end = received.adding(seconds: Int64(rng.next() % (12 * 86_400)))
            var line = "{\"MaHoSo\":\"\(units[unit].code)-\(received.dvcqg.prefix(8).dropFirst(2))-\(i)\",\"MaTTHC\":\"\(procedure.code)\""
            line += ",\"KenhThucHien\":\(rng.next() % 3 == 0 ? 1 : 2),\"LoaiDoiTuong\":1,\"NgayTiepNhan\":\"\(received.dvcqg)\""
            if rng.next() % 10 != 0 { line += ",\"NgayHenTra\":\"\(due.dvcqg)\"" }
            line += ",\"TrangThaiHoSo\":\(ended ? 10 : 4),\"DonViXuLy\":\"\(units[unit].code)\""
            if ended {
                line +=
                    ",\"NgayKetThucXuLy\":\"\(end.dvcqg)\",\"DanhSachGiayToKetQua\":[{\"TenGiayTo\":\"Kết quả\",\"DuongDanTepTinKetQua\":\"\(rng.next() % 5 != 0 ? "https://dvc/kq.pdf" : "")\"}]"
            }
            if procedure.feeBearing { line += ",\"DanhSachLePhi\":[{\"TenPhiLePhi\":\"Lệ phí\",\"MaPhiLePhi\":\"LP\",\"Gia\":50000}]" }
            line += ",\"DuocThanhToanTrucTuyen\":\(rng.next() % 2),\"TaiKhoanDuocXacThucVoiVNeID\":\(rng.next() % 2)"
            line +=
                ",\"TaiLieuNop\":[{\"MaThanhPhanHoSo\":\"TP1\",\"DuocSoHoa\":\(rng.next() % 4 != 0 ? 1 : 0),\"DuocTaiSuDung\":\(rng.next() % 3 == 0 ? 1 : 0)}]"
            if rng.next() % 20 == 0 {
                let asked = received.adding(seconds: 86_400)
                line += ",\"DanhSachHoSoBoSung\":[{\"NgayBoSung\":\"\(asked.dvcqg)\""
                if rng.next() % 2 == 0 { line += ",\"NgayTiepNhanBoSung\":\"\(asked.adding(seconds: 2 * 86_400).dvcqg)\"" }
                line += "}]"
            }
            line += "}\n"
            buffer += line
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                written += buffer.utf8.count
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
        written += buffer.utf8.count
        return written
    }
}
