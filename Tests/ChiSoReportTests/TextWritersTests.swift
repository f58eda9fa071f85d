import ChiSoReport
import Foundation
import Testing

@Suite struct CSVWriterTests {
    @Test func quotingAndBOM() {
        let bytes = CSVWriter.data(Fixtures.ranking)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(
            text == "STT,ĐƠN VỊ,TỶ LỆ %,ĐIỂM ĐÁNH GIÁ\r\n" + "1,Sở Ngoại vụ,64.67%,85.05\r\n"
                + "2,\"Sở Văn hóa, Thể thao và Du lịch \"\"VHTTDL\"\"\",91.07%,91.07\r\n" + "3,Ban Dân tộc,-,-\r\n"
        )
        #expect(CSVWriter.field("a\nb") == "\"a\nb\"")
        #expect(CSVWriter.field("a;b", separator: ";") == "\"a;b\"")
        #expect(CSVWriter.field("plain") == "plain")
    }

    @Test func vietnameseNumbersAreQuoted() {
        let text = CSVWriter.csv(Fixtures.ranking, numbers: .vietnamese)
        #expect(text.contains("1,Sở Ngoại vụ,\"64,67%\",\"85,05\"\r\n"))
        let semicolons = CSVWriter.csv(Fixtures.ranking, numbers: .vietnamese, separator: ";")
        #expect(semicolons.contains("1;Sở Ngoại vụ;64,67%;85,05\r\n"))
    }

    @Test func mergedHeaders() {
        let rows = CSVWriter.csv(Fixtures.processing).components(separatedBy: "\r\n")
        #expect(rows[0] == "STT,Đơn vị giải quyết TTHC,Số hồ sơ nhận giải quyết,,,Kết quả giải quyết,,,,,")
        #expect(rows[3] == "Tổng,,67140,20692,46448,46183,46045,138,20611,20596,15")
        #expect(rows[5] == "2,Ban Dân tộc - tỉnh Bình Phước,-,0,0,0,0,0,0,0,0")
        let combined = CSVWriter.csv(Fixtures.processing, header: .combined).components(separatedBy: "\r\n")
        #expect(combined[0].hasPrefix("STT,Đơn vị giải quyết TTHC,Số hồ sơ nhận giải quyết - Tổng số,"))
        #expect(combined[0].hasSuffix(",Kết quả giải quyết - Số hồ sơ đang giải quyết - Quá hạn"))
    }
}

@Suite struct HTMLWriterTests {
    @Test func standalonePageWithMergedCells() {
        let html = HTMLWriter.html(Fixtures.noticeDocument)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">"))
        #expect(html.contains("font-family: \"Times New Roman\""))
        #expect(html.contains("@page landscape { size: A4 landscape;"))
        #expect(html.contains("<section class=\"landscape\">"))
        #expect(html.contains("<th rowspan=\"3\">STT</th>"))
        #expect(html.contains("<th colspan=\"3\">Số hồ sơ nhận giải quyết</th>"))
        #expect(html.contains("<th rowspan=\"2\">Tổng số</th><th colspan=\"2\">Trong đó</th>"))
        #expect(html.contains("<tr class=\"bold\"><td class=\"center\" colspan=\"2\">Tổng</td><td class=\"center\">67.140</td>"))
        #expect(html.contains("<td class=\"center\">64,67%</td><td class=\"center\">85,05</td>"))
        #expect(html.contains("<td class=\"center\">-</td>"))
        #expect(html.contains("Sở Văn hóa, Thể thao và Du lịch &quot;VHTTDL&quot;"))
        #expect(html.contains("<em><span style=\"font-size: 14pt;\">Bình Phước, ngày 05 tháng 8 năm 2024</span></em>"))
        #expect(html.hasSuffix("</body>\n</html>\n"))
    }

    @Test func headerRowsCountOneThPerPlacedCell() {
        let html = HTMLWriter.tableHTML(Fixtures.processing)
        #expect(html.occurrences(of: "<th>") + html.occurrences(of: "<th ") == 4 + 4 + 8)
    }
}
