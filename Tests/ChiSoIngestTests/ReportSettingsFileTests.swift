import ChiSoCore
import ChiSoIngest
import Testing

@Suite struct ReportSettingsFileTests {
    @Test func shippedExample() throws {
        let s = try ReportSettingsFile.resolve("binh-phuoc")
        #expect(s.province == "Bình Phước")
        #expect(s.parentBody == "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC")
        #expect(s.signerAuthority == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"])
        #expect(s.recipients.last == "Lưu: VT, P. KSTTHC")
        #expect(s.overdueThreshold == 3)
        #expect(s.documentNumber == nil)
    }

    @Test func defaultsAndDates() throws {
        let s = try ReportSettingsFile.parse("province: Bình Định\noffice: VĂN PHÒNG\ndate: 2024-02-29\n", file: "bd.yaml")
        #expect(s.place == "Bình Định")
        #expect(s.officeAbbreviation == "VPUBND")
        #expect(s.date == LocalDate(year: 2024, month: 2, day: 29))
        #expect(s.recipients.isEmpty)
    }

    @Test func errorsNameTheEntry() {
        #expect { try ReportSettingsFile.parse("office: VĂN PHÒNG\n", file: "x.yaml") } throws: {
            ($0 as? DataFileError)?.description.contains("province") == true
        }
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
