import ChiSoCore
import ChiSoIngest
import Testing

/// Every reader is an asynchronous sequence of its results, cut into batches by one function for the command line
/// and HTTP ingestion.
@Suite struct RecordReaderTests {
    static let ratings = "dossier_code,value\nD1,normal\nD2,x\nD3,normal\nD4,normal\nD5,normal\n"

    func reader() throws -> AnyRecordReader<Rating> {
        AnyRecordReader(try CSVRecordReader(ratings: ArrayChunkSource(Self.ratings), fileName: "r.csv"), fileName: "r.csv")
    }

    @Test func batchesKeepRecordsAndIssuesInInputOrderAndEndEmpty() async throws {
        var results = try reader().makeAsyncIterator()
        let first = try await results.next(batchOf: 2)
        #expect(first.map { $0.record?.dossierCode } == ["D1", nil])
        #expect(first[1].issue?.line == 3, "the unreadable record keeps its place and position")
        let second = try await results.next(batchOf: 2)
        #expect(second.map { $0.record?.dossierCode } == ["D3", "D4"])
        #expect(try await results.next(batchOf: 2).map { $0.record?.dossierCode } == ["D5"])
        #expect(try await results.next(batchOf: 2).isEmpty)
    }

    @Test func theReaderIsAnAsyncSequenceAndCanBeObserved() async throws {
        var seen = 0
        var codes: [String?] = []
        for try await result in try reader().observed(by: { _ in seen += 1 }) { codes.append(result.record?.dossierCode) }
        #expect(codes == ["D1", nil, "D3", "D4", "D5"])
        #expect(seen == 5)
    }
}
