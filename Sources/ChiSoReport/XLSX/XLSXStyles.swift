/// The fixed style sheet of every workbook and the index of each cell format in it.
///
/// `cellXfs`: 0 default, 1 title, 2 header, then the body formats: for each (bold, alignment) pair a block of
/// ``kindsPerBlock`` formats — text, integer, null, decimal with 0…6 places, percent with 0…6 places.
enum XLSXStyles {
    enum Kind: Hashable {
        case text
        case integer
        case null
        case decimal(Int)
        case percent(Int)
    }

    static let title = 1
    static let header = 2
    static let maxPlaces = 6
    static let kindsPerBlock = 3 + 2 * (maxPlaces + 1)
    static let alignments: [TextAlignment] = [.left, .center, .right, .justify]

    static func body(_ kind: Kind, bold: Bool, alignment: TextAlignment) -> Int {
        let offset: Int =
            switch kind {
            case .text: 0
            case .integer: 1
            case .null: 2
            case .decimal(let places): 3 + min(max(places, 0), maxPlaces)
            case .percent(let places): 4 + maxPlaces + min(max(places, 0), maxPlaces)
            }
        let alignmentIndex = alignments.firstIndex(of: alignment) ?? 0
        let block = (bold ? alignments.count : 0) + alignmentIndex
        return 3 + block * kindsPerBlock + offset
    }

    /// Number format id for decimals: built-in 1 (`0`) and 2 (`0.00`), custom 164+ otherwise.
    static func decimalFormat(_ places: Int) -> Int {
        switch places {
        case 0: 1
        case 2: 2
        default: 163 + places
        }
    }

    /// Number format id for percentages: built-in 9 (`0%`) and 10 (`0.00%`), custom 170+ otherwise.
    static func percentFormat(_ places: Int) -> Int {
        switch places {
        case 0: 9
        case 2: 10
        default: 169 + places
        }
    }

    static let xml: String = {
        var customFormats: [(Int, String)] = []
        for places in 1...maxPlaces where places != 2 {
            let zeros = String(repeating: "0", count: places)
            customFormats.append((decimalFormat(places), "0.\(zeros)"))
        }
        for places in 1...maxPlaces where places != 2 {
            let zeros = String(repeating: "0", count: places)
            customFormats.append((percentFormat(places), "0.\(zeros)%"))
        }
        var xml = PackageProperties.xmlDeclaration
        xml += #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        xml += #"<numFmts count="\#(customFormats.count)">"#
        for (id, code) in customFormats {
            xml += #"<numFmt numFmtId="\#(id)" formatCode="\#(code)"/>"#
        }
        xml += "</numFmts>"
        let font = #"<name val="Times New Roman"/><family val="1"/><charset val="163"/>"#
        xml += #"<fonts count="3">"#
        xml += #"<font><sz val="12"/>\#(font)</font>"#
        xml += #"<font><b/><sz val="12"/>\#(font)</font>"#
        xml += #"<font><b/><sz val="14"/>\#(font)</font>"#
        xml += "</fonts>"
        xml += #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        let thin = #"style="thin"><color rgb="FF000000"/>"#
        xml += #"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>"#
        xml += "<border><left \(thin)</left><right \(thin)</right><top \(thin)</top><bottom \(thin)</bottom><diagonal/></border>"
        xml += "</borders>"
        xml += #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        var xfs: [String] = [
            #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#,
            #"<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>"#,
            #"<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>"#,
        ]
        for bold in [false, true] {
            for alignment in alignments {
                let horizontal = alignment == .justify ? "justify" : alignment.rawValue
                var kinds: [(Int, Bool)] = [(0, true), (3, false), (0, false)]
                kinds += (0...maxPlaces).map { (decimalFormat($0), false) }
                kinds += (0...maxPlaces).map { (percentFormat($0), false) }
                for (format, wrap) in kinds {
                    var xf = #"<xf numFmtId="\#(format)" fontId="\#(bold ? 1 : 0)" fillId="0" borderId="1" xfId="0""#
                    xf += format != 0 ? #" applyNumberFormat="1""# : ""
                    xf += #" applyFont="1" applyBorder="1" applyAlignment="1">"#
                    xf += #"<alignment horizontal="\#(horizontal)" vertical="center"\#(wrap ? #" wrapText="1""# : "")/></xf>"#
                    xfs.append(xf)
                }
            }
        }
        xml += #"<cellXfs count="\#(xfs.count)">"# + xfs.joined() + "</cellXfs>"
        xml += #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        xml += #"<dxfs count="0"/><tableStyles count="0"/>"#
        xml += "</styleSheet>"
        return xml
    }()
}
