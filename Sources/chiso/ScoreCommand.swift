import ArgumentParser
import ChiSoCore
import ChiSoIngest

/// `chiso score`: the index for every unit of a level, ranked, with classification and changes.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Tính điểm Bộ chỉ số cho mọi đơn vị, xếp hạng, xếp loại và so sánh với kỳ trước.",
        discussion: """
            Nguồn dữ liệu: --counts FILE (số liệu tử số/mẫu số theo đơn vị), hoặc --dossiers FILE --units FILE \
            --procedures FILE [--petitions FILE] [--ratings FILE] (hồ sơ DVCQG dạng JSON hoặc JSON lines).
            """
    )

    @OptionGroup var source: DataSourceOptions
    @Option(help: "Cấp xếp hạng: province, department, district, commune, other hoặc all.") var level = "all"
    @Option(help: "Định dạng: table, json hoặc csv.") var format = "table"

    func validate() throws {
        guard ScoreFormat(rawValue: format) != nil else { throw ValidationError("định dạng không hợp lệ: \(format) (table, json, csv)") }
        guard level == "all" || ChiSoCore.Unit.Kind(rawValue: level) != nil else { throw ValidationError("cấp không hợp lệ: \(level)") }
    }

    func run() throws {
        let loaded = try source.load()
        reportIssues(loaded.issues)
        let board = loaded.scoreboard(levels: level == "all" ? nil : [ChiSoCore.Unit.Kind(rawValue: level)!])
        print(try board.rendered(as: ScoreFormat(rawValue: format)!), terminator: "")
    }
}
