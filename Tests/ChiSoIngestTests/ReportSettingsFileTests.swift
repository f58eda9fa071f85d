import ChiSoCore
import ChiSoIngest
import Testing

@Suite struct ReportSettingsFileTests {
    @Test func shippedExample() throws {
        let s = try ReportSettingsFile.resolve("binh-phuoc")
        #expect(s.province == "Bình Phước")
        #expect(s.parentBody == "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC")
        #expect(s.documents["monthly-notice"]?.signerAuthority == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"])
        #expect(s.documents["monthly-notice"]?.recipients?.last == "Lưu: VT, P. KSTTHC")
        #expect(s.documents["quarterly-comparison"]?.signerAuthority == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])
        #expect(s.documents["quarterly-comparison"]?.office == "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC")
        #expect(s.overdueThreshold == 3)
        #expect(s.documentNumber == nil)
        #expect(s.file == "binh-phuoc.yaml")
        let demo = try ReportSettingsFile.resolve(ReportSettingsFile.demoExample)
        #expect(demo.province == "Phước An")
        #expect(demo.documents["monthly-notice"]?.paragraphs?.count == 2)
    }

    /// No default issuer (issue: documents, defect 5): without a province the settings take it from the data.
    @Test func provinceFromTheData() throws {
        let s = try ReportSettingsFile.parse("office_short_name: Văn phòng UBND tỉnh\n", file: "x.yaml")
        #expect(s.province.isEmpty)
        #expect(s.office == "VĂN PHÒNG")
        let completed = s.completed(provinceUnitName: "UBND tỉnh Phước An")
        #expect(completed.province == "Phước An")
        #expect(completed.parentBody == "ỦY BAN NHÂN DÂN TỈNH PHƯỚC AN")
        #expect(completed.place == "Phước An")
        let generic = ReportSettings.generic(province: "").completed(provinceUnitName: "UBND tỉnh Phước An")
        #expect(generic.parentBody == "ỦY BAN NHÂN DÂN TỈNH PHƯỚC AN")
        #expect(generic.recipients.isEmpty && generic.signerAuthority.isEmpty)
    }

    @Test func documentTypeSections() throws {
        let text = """
            documents:
              classification:
                recipients: [Chủ tịch UBND tỉnh (báo cáo), "Lưu: VT"]
                signer: {authority: [KT. CHÁNH VĂN PHÒNG, PHÓ CHÁNH VĂN PHÒNG], name: Trần Minh Khoa}
                paragraphs:
                  - "Các đơn vị {don_vi_duoi_nguong} khắc phục trong {ky}."
            """
        let s = try ReportSettingsFile.parse(text, file: "x.yaml")
        let own = try #require(s.documents["classification"])
        #expect(own.recipients == ["Chủ tịch UBND tỉnh (báo cáo)", "Lưu: VT"])
        #expect(own.signerName == "Trần Minh Khoa")
        #expect(own.paragraphs == ["Các đơn vị {don_vi_duoi_nguong} khắc phục trong {ky}."])
        #expect { try ReportSettingsFile.parse("documents:\n  thong-bao:\n    paragraphs: []\n", file: "x.yaml") } throws: {
            let e = $0 as? DataFileError
            return e?.entry == "documents.thong-bao" && e?.description.contains("loại văn bản không hợp lệ") == true
        }
    }

    @Test func defaultsAndDates() throws {
        let s = try ReportSettingsFile.parse("province: Bình Định\noffice: VĂN PHÒNG\ndate: 2024-02-29\n", file: "bd.yaml")
        #expect(s.place == "Bình Định")
        #expect(s.parentBody == "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH")
        #expect(s.officeAbbreviation == "VPUBND")
        #expect(s.date == LocalDate(year: 2024, month: 2, day: 29))
        #expect(s.recipients.isEmpty)
    }

    @Test func errorsNameTheEntry() {
        #expect { try ReportSettingsFile.parse("province: A\noffice: B\noverdue_threshold: 2.5\n", file: "x.yaml") } throws: {
            ($0 as? DataFileError)?.entry == "overdue_threshold"
        }
        #expect { try ReportSettingsFile.parse("province: A\noffice: B\ndate: 31/12/2024\n", file: "x.yaml") } throws: {
            let e = $0 as? DataFileError
            return e?.entry == "date" && e?.line == 3
        }
        #expect { try ReportSettingsFile.parse("province: A\noffice: B\nsigner: Nguyễn Văn A\n", file: "x.yaml") } throws: {
            ($0 as? DataFileError)?.entry == "signer"
        }
    }
}
