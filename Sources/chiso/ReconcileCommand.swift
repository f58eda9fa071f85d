import ArgumentParser
import ChiSoCore
import ChiSoIngest
import ChiSoStore
import Foundation

/// `chiso reconcile`: the national portal's figures beside ChiSo's, per unit and indicator (DOMAIN §7.2).
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Đối chiếu số liệu của Cổng Dịch vụ công quốc gia với số liệu tính từ hồ sơ, theo đơn vị và chỉ tiêu.",
        discussion: """
            Số liệu của Cổng lấy từ bản trích xuất đã nhập (chiso import --kind national, chiso national fetch): bản hiện hành của kỳ, \
            hoặc bản --snapshot N. Số liệu của tỉnh được tính lại đến thời điểm trích xuất của bản đó.
            Tệp --mapping (CSV portal_id_or_code,unit_code) ghép đơn vị trên Cổng với đơn vị trong danh mục khi mã và tên không khớp.
            Định dạng json theo lược đồ chiso.reconcile/1 (xem README).
            """
    )

    @OptionGroup var source: DataSourceOptions
    @Option(help: "Mã bản trích xuất số liệu của Cổng (mặc định: bản hiện hành của kỳ).") var snapshot: Int64?
    @Option(help: "Định dạng: table, json hoặc csv.") var format = "table"
    @Option(help: "Tệp ghép đơn vị (CSV portal_id_or_code,unit_code).") var mapping: String?

    func validate() throws {
        guard ReconcileFormat(rawValue: format) != nil else { throw ValidationError("định dạng không hợp lệ: \(format) (table, json, csv)") }
        guard source.counts == nil else {
            throw ValidationError("đối chiếu cần dữ liệu hồ sơ: dùng cơ sở dữ liệu hoặc --dossiers, không dùng --counts")
        }
        guard source.asOf == nil else {
            throw ValidationError("--as-of không dùng cho đối chiếu: số liệu được tính đến thời điểm trích xuất của Cổng")
        }
    }

    func run() async throws {
        let reconciliation = try await NationalInputs.reconciliation(source: source, snapshot: snapshot, mapping: mapping)
        print(try reconciliation.rendered(as: ReconcileFormat(rawValue: format)!), terminator: "")
    }
}

/// Reading the portal's snapshots and reconciling them with the dossiers, shared by `reconcile` and `report`.
enum NationalInputs {
    /// The snapshot asked for (`--snapshot N`), else the period's current one.
    static func snapshot(_ store: any Store, period: Period, id: Int64?) async throws -> NationalSnapshot {
        if let id {
            guard let stored = try await store.nationalSnapshot(id: NationalSnapshotID(rawValue: id)) else {
                throw CommandFailure("Không có bản trích xuất số liệu Cổng DVCQG số \(id).")
            }
            guard stored.snapshot.period == period else {
                throw CommandFailure("Bản trích xuất số \(id) là của \(stored.snapshot.period.vietnameseName), không phải \(period.vietnameseName).")
            }
            return stored.snapshot
        }
        guard let stored = try await store.currentNationalSnapshot(period: period) else {
            throw CommandFailure(
                "Chưa có số liệu của Cổng Dịch vụ công quốc gia cho \(period.vietnameseName): nhập bằng chiso import --kind national "
                    + "hoặc chiso national fetch.")
        }
        return stored.snapshot
    }

    /// The mapping file, portal key → unit code; rejected rows are listed on standard error.
    static func mapping(_ path: String?) throws -> [String: String] {
        guard let path else { return [:] }
        let read = try UnitMappingFile.read(try FileChunkSource(path: path), fileName: Inputs.name(path))
        reportIssues(read.issues)
        return read.mapping
    }

    /// The reconciliation of the period's snapshot with the dossiers, computed as of the snapshot's time of export.
    static func reconciliation(source: DataSourceOptions, snapshot id: Int64?, mapping mappingPath: String?) async throws -> Reconciliation {
        let period = Period(source.period)!
        // The portal's snapshots live in the database: a missing one is not created empty.
        let database = Database.path(source.db)
        guard Database.exists(db: source.db, postgres: source.postgres) else {
            throw CommandFailure(
                "Không có cơ sở dữ liệu \(database): số liệu của Cổng Dịch vụ công quốc gia được nhập vào cơ sở dữ liệu "
                    + "(chiso import --kind national hoặc chiso national fetch).")
        }
        let store = try await Database.open(db: source.db, postgres: source.postgres)
        let snapshot = try await snapshot(store, period: period, id: id)
        let previous = try await store.currentNationalSnapshot(period: period.previous)?.snapshot
        let mapping = try mapping(mappingPath)
        let methodology = try MethodologyFile.resolve(source.methodology)
        let calendar = try source.calendar.map { (path: String) throws(DataFileError) in try CalendarFile.load(path: path) } ?? CalendarFile.builtIn()
        let records = try source.records(for: [period], now: snapshot.takenAt)
        reportIssues(records.issues)
        return Reconciliation(
            snapshot: snapshot, catalogue: records.catalogue, dossiers: records.dossiers, petitions: records.petitions, ratings: records.ratings,
            methodology: methodology, calendar: calendar, mapping: mapping, previous: previous)
    }
}
