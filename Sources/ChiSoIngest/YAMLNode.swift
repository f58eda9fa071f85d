import ChiSoCore
import Yams

/// A YAML node with its path, for reading settings files with precise errors.
struct YAMLNode {
    let node: Node
    let path: String
    let file: String

    static func parse(_ text: String, file: String) throws(DataFileError) -> YAMLNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw DataFileError(file: file, reason: "tệp rỗng")
            }
            return YAMLNode(node: node, path: "", file: file)
        } catch let error as DataFileError {
            throw error
        } catch let error as YamlError {
            throw DataFileError(file: file, reason: "không phải YAML hợp lệ: \(error)")
        } catch {
            throw DataFileError(file: file, reason: "không đọc được YAML: \(error)")
        }
    }

    var line: Int? { node.mark.map { $0.line } }

    func fail(_ reason: String) -> DataFileError {
        DataFileError(file: file, line: line, entry: path.isEmpty ? nil : path, reason: reason)
    }

    /// The value of a key, compared as written (so that a quoted "off" is found, not read as a boolean).
    func child(_ key: String) -> YAMLNode? {
        guard let mapping = node.mapping, let pair = mapping.first(where: { $0.key.scalar?.string == key }) else { return nil }
        return YAMLNode(node: pair.value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    func required(_ key: String) throws(DataFileError) -> YAMLNode {
        guard node.mapping != nil else { throw fail("cần một bảng khóa–giá trị") }
        guard let value = child(key) else { throw fail("thiếu mục \(key)") }
        return value
    }

    var entries: [(key: String, value: YAMLNode)] {
        guard let mapping = node.mapping else { return [] }
        return mapping.compactMap { pair in
            guard let key = pair.key.string else { return nil }
            return (key, YAMLNode(node: pair.value, path: path.isEmpty ? key : "\(path).\(key)", file: file))
        }
    }

    func items() throws(DataFileError) -> [YAMLNode] {
        guard let sequence = node.sequence else { throw fail("cần một danh sách") }
        return sequence.enumerated().map { YAMLNode(node: $1, path: "\(path)[\($0 + 1)]", file: file) }
    }

    func string() throws(DataFileError) -> String {
        guard let s = node.scalar?.string else { throw fail("cần một giá trị chữ") }
        return s.precomposedNFC
    }

    func double() throws(DataFileError) -> Double {
        guard let s = node.scalar?.string, let d = Double(s.replacingComma) else {
            throw fail("cần một số, nhận được \(node.scalar?.string ?? "giá trị không phải số")")
        }
        return d
    }

    func date() throws(DataFileError) -> LocalDate {
        guard let s = node.scalar?.string, let d = LocalDate(iso: s) else {
            throw fail("cần ngày dạng yyyy-MM-dd, nhận được \(node.scalar?.string ?? "giá trị khác")")
        }
        return d
    }
}

extension String {
    var replacingComma: String { replacing(",", with: ".") }
}
