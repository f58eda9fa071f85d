import ArgumentParser

/// The ChiSo command-line tool.
@main
struct Chiso: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chiso",
        abstract: "ChiSo — chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg).",
        subcommands: [
            ScoreCommand.self, BenchCommand.self, ImportCommand.self, OverdueCommand.self, BenchStoreCommand.self, ReportCommand.self,
            DemoCommand.self, ServeCommand.self, UserCommand.self, TokenCommand.self, DossierCommand.self, QualityCommand.self,
            NationalCommand.self, ReconcileCommand.self, WhatIfCommand.self, MigrateCommand.self,
        ]
    )
}
