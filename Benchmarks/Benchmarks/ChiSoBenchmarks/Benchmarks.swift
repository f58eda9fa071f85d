import Benchmark
import ChiSoCore
import ChiSoDemo
import ChiSoIngest
import ChiSoStore

/// The work measured: one demo province (the demo's small scale, three months up to a fixed day, so that every
/// run measures the same data), judged, aggregated, parsed from DVCQG JSON lines, imported into SQLite, and counted
/// live one dossier at a time.
struct Workload {
    let calendar: WorkCalendar
    let data: DemoData
    let catalogue: Catalogue
    let statutory: [String: StatutoryTime]
    let period: Period
    let asOf: Instant
    /// The dossiers as DVCQG `DongBoHoSoMC` JSON lines.
    let jsonLines: [UInt8]

    init(scale: DemoScale = .small, months: Int = 3) {
        calendar = try! CalendarFile.builtIn()  // the built-in calendar ships with the package
        let today = LocalDate(year: 2026, month: 8, day: 20)!
        data = DemoProvince.generate(DemoOptions(months: months, seed: 766, scale: scale, today: today), calendar: calendar)
        catalogue = try! Catalogue(units: data.units, procedures: data.procedures)  // the demo's catalogue is valid
        statutory = Dictionary(data.procedures.compactMap { p in p.statutoryTime.map { (p.code, $0) } }, uniquingKeysWith: { a, _ in a })
        period = .month(2026, 8)
        asOf = data.options.asOf
        var text = ""
        DemoWriter.writeDossiers(data.dossiers, procedures: data.procedures) { text += $0 }
        jsonLines = Array(text.utf8)
    }

    /// The dossiers of the open month and the months before that it still counts.
    var openMonthDossiers: [Dossier] {
        data.dossiers.filter { Judge.belongs($0, to: period, judgedAt: asOf) }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident], timeUnits: .milliseconds, warmupIterations: 1,
        maxDuration: .seconds(10), maxIterations: 20)
    let work = Workload()
    let dossiers = work.data.dossiers

    Benchmark("judge: every dossier of the demo province (\(dossiers.count))") { benchmark in
        for d in dossiers {
            blackHole(Judge.judge(d, statutoryTime: work.statutory[d.procedureCode], asOf: work.asOf, calendar: work.calendar))
        }
    }

    Benchmark("aggregate: the open month of the demo province") { benchmark in
        blackHole(
            IndexAccumulator.aggregate(
                catalogue: work.catalogue, dossiers: dossiers, petitions: work.data.petitions, ratings: work.data.ratings, period: work.period,
                asOf: work.asOf, calendar: work.calendar))
    }

    Benchmark("parse: DVCQG JSON lines (\(dossiers.count) dossiers, \(work.jsonLines.count / 1_000_000) MB)") { benchmark in
        var reader = DVCQGDossierReader(source: ArrayChunkSource(work.jsonLines), fileName: "hoso.jsonl")
        var count = 0
        while let result = try reader.next() {
            if result.record != nil { count += 1 }
        }
        precondition(count == dossiers.count, "every dossier is read back")
        blackHole(count)
    }

    Benchmark("import: dossiers into a new SQLite database, batches of 5,000", configuration: .init(maxIterations: 5)) { benchmark in
        let store = try SQLiteStore.inMemory()
        let at = work.asOf
        _ = try await store.ingest(
            units: IngestBatch(records: work.data.units.map { Sourced($0, origin: RecordOrigin(fileName: "donvi.csv")) }, at: at))
        _ = try await store.ingest(
            procedures: IngestBatch(records: work.data.procedures.map { Sourced($0, origin: RecordOrigin(fileName: "tthc.csv")) }, at: at))
        benchmark.startMeasurement()
        var start = 0
        while start < dossiers.count {
            let end = min(dossiers.count, start + 5_000)
            let records = (start..<end).map { i in
                Sourced(dossiers[i], origin: RecordOrigin(fileName: "hoso.jsonl", recordNumber: i + 1, line: i + 1))
            }
            blackHole(try await store.ingest(dossiers: IngestBatch(records: records, at: at)))
            start = end
        }
        benchmark.stopMeasurement()
    }

    // One event of the live path: a dossier received now is counted, the clock moves to now, and the figures of
    // every unit are taken for publication (what the server does for each accepted record).
    let open = work.openMonthDossiers
    Benchmark(
        "live update: one dossier received now into the open month's counters (\(open.count) dossiers)",
        configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .microseconds, maxIterations: 2_000)
    ) { benchmark in
        var live = LiveIndex(catalogue: work.catalogue, period: work.period, asOf: work.asOf, calendar: work.calendar)
        for d in open { live.upsert(d) }
        let template = open[0]
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            let now = work.asOf.adding(seconds: Int64(i + 1))
            var d = template
            d.code = "LIVE-\(i)"
            d.receivedAt = now
            live.advance(to: now)
            live.upsert(d)
            blackHole(live.result())
        }
        benchmark.stopMeasurement()
    }
}
