import ChiSoReport
import Foundation
import Testing

/// Whether the python-docx/openpyxl reader tests run: always under CI (so a missing module fails the run),
/// otherwise only when `python3 -c "import docx, openpyxl"` succeeds.
enum PythonReaders {
    static let isCI: Bool = {
        guard let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() else { return false }
        return !value.isEmpty && value != "false" && value != "0"
    }()

    static let modulesAvailable: Bool = {
        (try? ExternalProcess.run(["python3", "-c", "import docx, openpyxl"]).status) == 0
    }()

    static var enabled: Bool { isCI || modulesAvailable }

    /// Runs `script` with `file` as its argument and decodes the JSON it prints.
    static func read(script: String, file: URL) throws -> [String: Any] {
        let directory = file.deletingLastPathComponent()
        let scriptURL = directory.appendingPathComponent("reader-\(UUID().uuidString).py")
        try Data(script.utf8).write(to: scriptURL)
        let result = try ExternalProcess.run(["python3", scriptURL.path, file.path])
        try #require(result.status == 0, "python3 failed: \(result.error)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        return try #require(object as? [String: Any])
    }

    static let docxScript = #"""
        import json, sys
        import docx
        from docx.oxml.ns import qn

        d = docx.Document(sys.argv[1])
        mm = lambda v: round(v / 36000, 2)
        out = {
            "normalFont": d.styles["Normal"].font.name,
            "normalSize": d.styles["Normal"].font.size.pt,
            "runFonts": sorted({r.font.name for p in d.paragraphs for r in p.runs if r.text}),
            "paragraphs": [p.text for p in d.paragraphs],
            "sections": [],
            "tables": [],
        }
        for s in d.sections:
            out["sections"].append({
                "orientation": "landscape" if s.orientation == 1 else "portrait",
                "width": mm(s.page_width), "height": mm(s.page_height),
                "top": mm(s.top_margin), "bottom": mm(s.bottom_margin),
                "left": mm(s.left_margin), "right": mm(s.right_margin),
            })
        for t in d.tables:
            rows = []
            repeated = []
            spans = []
            for r in t.rows:
                rows.append([c.text for c in r.cells])
                trPr = r._tr.trPr
                repeated.append(trPr is not None and trPr.find(qn("w:tblHeader")) is not None)
                spans.append([tc.grid_span for tc in r._tr.tc_lst])
            fonts = sorted({run.font.name for row in t.rows for c in row.cells for p in c.paragraphs for run in p.runs if run.text})
            sizes = sorted({run.font.size.pt for row in t.rows for c in row.cells for p in c.paragraphs for run in p.runs if run.text})
            vmerged = len(t.rows) > 2 and t.cell(0, 0)._tc is t.cell(2, 0)._tc
            out["tables"].append({"rows": rows, "repeated": repeated, "spans": spans, "fonts": fonts, "sizes": sizes,
                                  "verticallyMerged": vmerged})
        print(json.dumps(out, ensure_ascii=False))
        """#

    static let xlsxScript = #"""
        import json, sys
        import openpyxl

        wb = openpyxl.load_workbook(sys.argv[1])
        out = {"sheets": []}
        for ws in wb.worksheets:
            cells = {}
            for row in ws.iter_rows():
                for c in row:
                    if c.value is not None:
                        cells[c.coordinate] = {"value": c.value, "type": type(c.value).__name__,
                                               "format": c.number_format, "bold": bool(c.font.b),
                                               "font": c.font.name}
            out["sheets"].append({
                "name": ws.title,
                "freeze": ws.freeze_panes,
                "merged": sorted(str(r) for r in ws.merged_cells.ranges),
                "cells": cells,
                "widths": {k: v.width for k, v in ws.column_dimensions.items()},
                "printTitles": ws.print_title_rows,
                "orientation": ws.page_setup.orientation,
            })
        print(json.dumps(out, ensure_ascii=False))
        """#
}

@Suite(.enabled(if: PythonReaders.enabled, "python3 with python-docx and openpyxl is not available"))
struct RealReaderTests {
    @Test func pythonDocxReadsTheNotice() throws {
        let directory = try ExternalProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("thong-bao.docx")
        try Data(DOCXWriter.data(Fixtures.noticeDocument)).write(to: file)
        let json = try PythonReaders.read(script: PythonReaders.docxScript, file: file)

        #expect(json["normalFont"] as? String == "Times New Roman")
        #expect(json["normalSize"] as? Double == 14)
        #expect(json["runFonts"] as? [String] == ["Times New Roman"])
        let sections = try #require(json["sections"] as? [[String: Any]])
        try #require(sections.count == 2)
        #expect(sections[0]["orientation"] as? String == "portrait")
        #expect(sections[1]["orientation"] as? String == "landscape")
        for (section, (width, height)) in zip(sections, [(210.0, 297.0), (297.0, 210.0)]) {
            #expect(abs((section["width"] as? Double ?? 0) - width) < 0.1)
            #expect(abs((section["height"] as? Double ?? 0) - height) < 0.1)
            #expect(abs((section["top"] as? Double ?? 0) - 20) < 0.1)
            #expect(abs((section["bottom"] as? Double ?? 0) - 20) < 0.1)
            #expect(abs((section["left"] as? Double ?? 0) - 30) < 0.1)
            #expect(abs((section["right"] as? Double ?? 0) - 15) < 0.1)
        }
        let paragraphs = try #require(json["paragraphs"] as? [String])
        #expect(paragraphs.contains("THÔNG BÁO"))
        #expect(paragraphs.contains("Phụ lục 1"))
        #expect(paragraphs.contains("Tính đến tháng 7/2024, tỉnh Bình Phước đạt 85,05/100 điểm."))

        // Top-level tables: header layout, ranking, signature layout, processing appendix.
        let tables = try #require(json["tables"] as? [[String: Any]])
        try #require(tables.count == 4)
        let header = try #require(tables[0]["rows"] as? [[String]])
        #expect(header[0][0].contains("ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC"))
        #expect(header[0][1].contains("Bình Phước, ngày 05 tháng 8 năm 2024"))
        let ranking = try #require(tables[1]["rows"] as? [[String]])
        #expect(ranking[0] == ["STT", "ĐƠN VỊ", "TỶ LỆ %", "ĐIỂM ĐÁNH GIÁ"])
        #expect(ranking[1] == ["1", "Sở Ngoại vụ", "64,67%", "85,05"])
        #expect(ranking[3] == ["3", "Ban Dân tộc", "-", "-"])
        #expect(tables[1]["sizes"] as? [Double] == [13])
        #expect(tables[1]["fonts"] as? [String] == ["Times New Roman"])
        let signature = try #require(tables[2]["rows"] as? [[String]])
        #expect(signature[0][0].hasPrefix("Nơi nhận:\n- CT, các PCT UBND tỉnh;"))
        #expect(signature[0][1].hasPrefix("KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG"))

        let processing = tables[3]
        let rows = try #require(processing["rows"] as? [[String]])
        #expect(processing["repeated"] as? [Bool] == [true, true, true, false, false, false])
        #expect(processing["verticallyMerged"] as? Bool == true)
        #expect(rows[0].count == 11)
        #expect(rows[0][2] == "Số hồ sơ nhận giải quyết" && rows[0][4] == "Số hồ sơ nhận giải quyết")
        #expect(rows[2][2...4] == ["Tổng số", "Số kỳ trước chuyển qua", "Số mới tiếp nhận"])
        #expect(rows[3] == ["Tổng", "Tổng", "67.140", "20.692", "46.448", "46.183", "46.045", "138", "20.611", "20.596", "15"])
        #expect(rows[5][2] == "-")
        let spans = try #require(processing["spans"] as? [[Int]])
        #expect(spans[0] == [1, 1, 3, 6])
        #expect(spans[1] == [1, 1, 1, 2, 3, 3])
    }

    @Test func openpyxlReadsTheWorkbook() throws {
        let directory = try ExternalProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bang.xlsx")
        try Data(XLSXWriter.data(tables: Fixtures.notice.tables)).write(to: file)
        let json = try PythonReaders.read(script: PythonReaders.xlsxScript, file: file)
        let sheets = try #require(json["sheets"] as? [[String: Any]])
        try #require(sheets.count == 2)

        let ranking = sheets[0]
        #expect(ranking["name"] as? String == "Xếp hạng sở, ngành")
        #expect(ranking["freeze"] as? String == "A2")
        #expect(ranking["orientation"] as? String == "landscape")
        let cells = try #require(ranking["cells"] as? [String: [String: Any]])
        #expect(cells["A1"]?["value"] as? String == "STT")
        #expect(cells["A1"]?["bold"] as? Bool == true)
        #expect(cells["A2"]?["value"] as? Int == 1)
        #expect(cells["A2"]?["type"] as? String == "int")
        #expect(cells["C2"]?["value"] as? Double == 0.6467)
        #expect(cells["C2"]?["format"] as? String == "0.00%")
        #expect(cells["D2"]?["value"] as? Double == 85.05)
        #expect(cells["D2"]?["format"] as? String == "0.00")
        #expect(cells["C4"]?["value"] as? String == "-")
        #expect(cells["D4"]?["value"] as? String == "-")
        #expect(cells["B3"]?["font"] as? String == "Times New Roman")

        let processing = sheets[1]
        #expect(processing["name"] as? String == "Giải quyết TTHC")
        #expect(processing["freeze"] as? String == "A5")
        #expect(processing["printTitles"] as? String == "$2:$4")
        let merged = try #require(processing["merged"] as? [String])
        #expect(Set(merged) == ["A1:K1", "A2:A4", "B2:B4", "C2:E2", "F2:K2", "C3:C4", "D3:E3", "F3:H3", "I3:K3", "A5:B5"])
        let processingCells = try #require(processing["cells"] as? [String: [String: Any]])
        #expect(processingCells["C5"]?["value"] as? Int == 67140)
        #expect(processingCells["C5"]?["format"] as? String == "#,##0")
        #expect(processingCells["C5"]?["bold"] as? Bool == true)
        #expect(processingCells["C7"]?["value"] as? String == "-")
        let widths = try #require(processing["widths"] as? [String: Double])
        #expect((widths["B"] ?? 0) > (widths["C"] ?? 0))
    }
}

@Suite(.enabled(if: PDFConverter.locate(searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "") != nil, "LibreOffice is not installed"))
struct PDFConverterTests {
    @Test(.timeLimit(.minutes(3))) func convertsTheNoticeToPDF() throws {
        let directory = try ExternalProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("thong-bao.docx")
        try Data(DOCXWriter.data(Fixtures.noticeDocument)).write(to: file)
        let converter = try PDFConverter(searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "")
        let pdf = try converter.convert(file, outputDirectory: directory.appendingPathComponent("pdf"))
        let bytes = try Data(contentsOf: pdf)
        #expect(pdf.lastPathComponent == "thong-bao.pdf")
        #expect(bytes.starts(with: Array("%PDF".utf8)))
        // For a visual check: CHISO_REPORT_KEEP=/some/dir keeps the DOCX and the PDF.
        if let keep = ProcessInfo.processInfo.environment["CHISO_REPORT_KEEP"] {
            let target = URL(fileURLWithPath: keep)
            try? FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for source in [file, pdf] {
                let destination = target.appendingPathComponent(source.lastPathComponent)
                try? FileManager.default.removeItem(at: destination)
                try FileManager.default.copyItem(at: source, to: destination)
            }
        }
    }
}

@Suite struct PDFConverterLookupTests {
    @Test func missingLibreOfficeGivesAVietnameseError() {
        #expect(PDFConverter.locate(searchPath: "/nonexistent:/also/missing") == nil)
        #expect(throws: ReportError.libreOfficeNotFound) { try PDFConverter(searchPath: "/nonexistent") }
        #expect(ReportError.libreOfficeNotFound.description.hasPrefix("LibreOffice chưa được cài đặt"))
    }
}
