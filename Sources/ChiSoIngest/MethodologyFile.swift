public import ChiSoCore
import Foundation

/// Reads methodology files (YAML) and the methodologies ChiSo ships.
public enum MethodologyFile {
    /// Ids of the methodologies shipped with ChiSo.
    public static let builtInIDs = ["qd766-2026", "province-linear"]

    /// The built-in methodology with an id.
    ///
    /// - Throws: `DataFileError` when no such methodology is shipped.
    public static func builtIn(_ id: String) throws(DataFileError) -> Methodology {
        guard builtInIDs.contains(id), let url = Bundle.module.url(forResource: id, withExtension: "yaml", subdirectory: "Resources/methodologies")
        else {
            throw DataFileError(file: id, reason: "không có bộ phương pháp tính điểm tích hợp tên này (có: \(builtInIDs.joined(separator: ", ")))")
        }
        return try load(path: url.path, displayName: "\(id).yaml")
    }

    /// A built-in methodology id or a path to a methodology file.
    public static func resolve(_ idOrPath: String) throws(DataFileError) -> Methodology {
        builtInIDs.contains(idOrPath) ? try builtIn(idOrPath) : try load(path: idOrPath)
    }

    /// Reads and validates a methodology file.
    public static func load(path: String, displayName: String? = nil) throws(DataFileError) -> Methodology {
        let name = displayName ?? path
        return try parse(try DataFileError.text(ofFile: path, name: name), file: name)
    }

    /// Parses and validates methodology YAML text.
    ///
    /// - Throws: `DataFileError` naming the file, line and entry: a missing or mistyped field, or any rule
    ///   `Methodology.init(_:)` checks (unknown indicator, maxima that do not add up, bad bands).
    public static func parse(_ text: String, file: String) throws(DataFileError) -> Methodology {
        let root = try YAMLNode.parse(text, file: file)
        var groups: [MethodologySpec.Group] = []
        var groupNodes: [String: YAMLNode] = [:]
        for g in try root.required("groups").items() {
            var indicators: [MethodologySpec.Indicator] = []
            for i in try g.required("indicators").items() {
                indicators.append(
                    MethodologySpec.Indicator(
                        id: try i.required("id").string(), name: try i.required("name").string(), max: try i.required("max").double(),
                        scoring: try i.child("scoring")?.string() ?? "linear", threshold: try i.child("threshold")?.double(),
                        whenNoData: try i.child("when_no_data")?.string() ?? "zero"))
            }
            let id = try g.required("id").string()
            groupNodes[id] = g
            groups.append(.init(id: id, name: try g.required("name").string(), max: try g.required("max").double(), indicators: indicators))
        }
        var bands: [MethodologySpec.Band] = []
        for b in try root.required("bands").items() {
            bands.append(.init(name: try b.required("name").string(), min: try b.required("min").double(), below: try b.child("below")?.double()))
        }
        var presentations: [MethodologySpec.Presentation] = []
        for p in try root.child("presentations")?.items() ?? [] {
            var pgs: [MethodologySpec.Presentation.Group] = []
            for g in try p.required("groups").items() {
                let members = try g.required("members").items()
                var memberIDs: [String] = []
                for m in members { memberIDs.append(try m.string()) }
                pgs.append(.init(id: try g.required("id").string(), name: try g.required("name").string(), members: memberIDs))
            }
            presentations.append(.init(id: try p.required("id").string(), name: try p.required("name").string(), groups: pgs))
        }
        let spec = MethodologySpec(
            id: try root.required("id").string(), name: try root.required("name").string(),
            effectiveFrom: try root.required("effective_from").date(), total: try root.required("total").double(),
            groups: groups, bands: bands, presentations: presentations)
        do {
            return try Methodology(spec)
        } catch {
            // Point at the group the error names when it can be found, else at the file.
            let line = groupNodes.first { error.description.contains("nhóm \($0.key)") }?.value.line
            throw DataFileError(file: file, line: line, reason: error.description)
        }
    }
}
