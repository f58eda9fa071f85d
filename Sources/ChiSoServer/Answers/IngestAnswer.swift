import ChiSoReport

/// The answer to an ingestion batch (schema `chiso.ingest/1`): the counts, then one line per record in the order sent.
struct IngestAnswer: Encodable {
    /// One record's outcome: `reason` only when rejected, `warnings` only when there are any; `record` and `code` are
    /// `null` for a rejected record whose number or code could not be read.
    struct Line: Encodable {
        @NullEncoded var record: Int?
        @NullEncoded var code: String?
        let status: String
        var reason: String?
        var warnings: [String]?
    }

    let schema = "chiso.ingest/1"
    let source: String
    let kind: String
    let received: Int
    var accepted = 0
    var updated = 0
    var unchanged = 0
    var superseded = 0
    var held = 0
    var rejected = 0
    /// The number of records with warnings.
    var warnings = 0
    var records: [Line] = []

    init(source: String, kind: String, received: Int) {
        self.source = source
        self.kind = kind
        self.received = received
    }
}
