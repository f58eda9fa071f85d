import ChiSoIngest
import Testing

@Suite struct UnitMappingFileTests {
    @Test func rowsAreReadAndAKeyMappedTwiceToAnotherUnitIsAnIssueOnTheLaterRow() throws {
        let text = """
            portal_id_or_code,unit_code
            0f3c-uuid,000.00.01.H15
            H15.07,000.00.07.H15
            ,000.00.09.H15
            0f3c-uuid,000.00.02.H15
            H15.07,000.00.07.H15

            """
        let read = try UnitMappingFile.read(ArrayChunkSource(Array(text.utf8)), fileName: "ghep-don-vi.csv")
        #expect(read.mapping == ["0f3c-uuid": "000.00.01.H15", "H15.07": "000.00.07.H15"])
        #expect(read.issues.count == 2)
        #expect(read.issues[0].message.hasPrefix("ghep-don-vi.csv, bản ghi 3 (dòng 4), cột portal_id_or_code"))
        #expect(read.issues[1].message.hasPrefix("ghep-don-vi.csv, bản ghi 4 (dòng 5), cột unit_code"))
        #expect(read.issues[1].message.contains("đã gán 000.00.01.H15"))
        #expect(read.issues[1].rawRecord == "0f3c-uuid,000.00.02.H15")
    }

    @Test func aFileWithoutTheColumnsIsRefused() {
        #expect(throws: IngestError.self) {
            _ = try UnitMappingFile.read(ArrayChunkSource(Array("code,unit\nA,B\n".utf8)), fileName: "x.csv")
        }
    }
}
