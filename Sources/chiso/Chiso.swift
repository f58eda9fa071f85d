import ArgumentParser

/// The ChiSo command-line tool.
@main
struct Chiso: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chiso",
        abstract: "ChiSo — chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg).",
        subcommands: [ScoreCommand.self, BenchCommand.self, ReportCommand.self, DemoCommand.self]
    )
}
