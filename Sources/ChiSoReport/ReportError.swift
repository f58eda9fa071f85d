public import ChiSoCore

/// An error raised while packaging, composing or converting a report.
public struct ReportError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case archive(String)
        case libreOfficeNotFound
        case conversionFailed(status: Int32, output: String)
        case outputMissing(String)
        case unknownPlaceholder(file: String, documentType: String, paragraph: Int, placeholder: String)
        case noTargets(Period)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// Building the ZIP package failed.
    public static func archive(_ reason: String) -> ReportError { ReportError(.archive(reason)) }
    /// Neither `soffice` nor `libreoffice` is on the search path.
    public static var libreOfficeNotFound: ReportError { ReportError(.libreOfficeNotFound) }
    /// LibreOffice exited with a non-zero status.
    public static func conversionFailed(status: Int32, output: String) -> ReportError {
        ReportError(.conversionFailed(status: status, output: output))
    }
    /// LibreOffice exited normally but the expected PDF is not there.
    public static func outputMissing(_ path: String) -> ReportError { ReportError(.outputMissing(path)) }

    /// A paragraph of the settings file names a placeholder that does not exist.
    public static func unknownPlaceholder(file: String, documentType: String, paragraph: Int, placeholder: String) -> ReportError {
        ReportError(.unknownPlaceholder(file: file, documentType: documentType, paragraph: paragraph, placeholder: placeholder))
    }
    /// A targets report was asked for a period to which no target applies.
    public static func noTargets(_ period: Period) -> ReportError { ReportError(.noTargets(period)) }

    /// A Vietnamese message for the user.
    public var description: String {
        switch code {
        case .archive(let reason):
            "không tạo được tệp nén OOXML: \(reason)"
        case .libreOfficeNotFound:
            "LibreOffice chưa được cài đặt: không tìm thấy lệnh soffice hoặc libreoffice trong PATH; "
                + "hãy cài LibreOffice (ví dụ apt-get install libreoffice-writer-nogui libreoffice-calc-nogui) để xuất PDF"
        case .conversionFailed(let status, let output):
            "LibreOffice chuyển đổi sang PDF thất bại (mã thoát \(status)): \(output)"
        case .outputMissing(let path):
            "LibreOffice không tạo ra tệp PDF mong đợi: \(path)"
        case .unknownPlaceholder(let file, let type, let paragraph, let placeholder):
            "\(file): documents.\(type).paragraphs, đoạn \(paragraph): không có trường thay thế {\(placeholder)}; các trường dùng được: "
                + DocumentText.placeholders.map { "{\($0.name)}" }.joined(separator: ", ")
        case .noTargets(let period):
            "Không có chỉ tiêu giao nào áp dụng cho kỳ \(period.vietnameseName) (\(period)): không lập báo cáo chỉ tiêu. "
                + "Hãy dùng tệp chỉ tiêu giao (--targets) có chỉ tiêu của năm \(period.start.year)."
        }
    }
}
