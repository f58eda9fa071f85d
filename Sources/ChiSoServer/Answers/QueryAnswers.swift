import ChiSoCore
import ChiSoReport
import ChiSoStore

// The query API's answers (schemas in OpenAPISchemas.swift). JSON names are snake_case; absent values that the
// schema keeps are `null`.

/// A unit of the catalogue (`/api/v1/units`).
struct UnitAnswer: Encodable {
    let code: String
    let name: String
    let kind: String
    @NullEncoded var parent: String?

    init(_ unit: Unit) {
        code = unit.code
        name = unit.name
        kind = unit.kind.rawValue
        parent = unit.parentCode
    }
}

/// One unit's indicators (`/api/v1/units/{code}/indicators`).
struct UnitIndicatorsAnswer: Encodable {
    let schema = "chiso.unit/1"
    let period: String
    let asOf: String
    let unit: ScoresDocument.UnitEntry

    enum CodingKeys: String, CodingKey {
        case schema, period, unit
        case asOf = "as_of"
    }
}

/// A procedure's figures in a unit's subtree (`/api/v1/units/{code}/procedures`).
struct ProcedureFiguresAnswer: Encodable {
    let code: String
    let name: String
    let dossiers: Int
    let onTime: Int
    let overdue: Int
    let openOverdue: Int
    let online: Int
    let losses: Int

    enum CodingKeys: String, CodingKey {
        case code, name, dossiers, overdue, online, losses
        case onTime = "on_time"
        case openOverdue = "open_overdue"
    }

    init(_ f: ProcedureFigures) {
        code = f.code
        name = f.name
        dossiers = f.dossiers
        onTime = f.onTime
        overdue = f.overdue
        openOverdue = f.openOverdue
        online = f.online
        losses = f.losses
    }
}

/// The procedures of a unit's subtree in a period.
struct UnitProceduresAnswer: Encodable {
    let unit: String
    let period: String
    let procedures: [ProcedureFiguresAnswer]
}

/// The dossiers of one procedure in a unit's subtree (`/api/v1/units/{code}/procedures/{procedure}`).
struct ProcedureDossiersAnswer: Encodable {
    struct Item: Encodable {
        let code: String
        let unitCode: String
        let receivedAt: String
        @NullEncoded var deadline: String?
        let outcome: String

        enum CodingKeys: String, CodingKey {
            case code, deadline, outcome
            case unitCode = "unit_code"
            case receivedAt = "received_at"
        }
    }

    let unit: String
    let procedure: String
    let period: String
    let dossiers: [Item]
}

/// The targets of the units a user may see (`/api/v1/targets`).
struct TargetsAnswer: Encodable {
    struct Item: Encodable {
        let unit: String
        let unitName: String
        let result: ScoresDocument.Target

        enum CodingKeys: String, CodingKey {
            case unit, result
            case unitName = "unit_name"
        }
    }

    let period: String
    let targets: [Item]
    let unitsMissingTargets: [String]

    enum CodingKeys: String, CodingKey {
        case period, targets
        case unitsMissingTargets = "units_missing_targets"
    }
}

/// An open dossier overdue or due soon (`/api/v1/overdue`): `working_days_late` when overdue, `working_days_left`
/// otherwise.
struct OverdueAnswer: Encodable {
    struct Item: Encodable {
        let code: String
        let unitCode: String
        let procedureCode: String
        let procedureName: String
        let receivedAt: String
        let deadline: String
        let overdue: Bool
        let workingDaysLate: Int?
        let workingDaysLeft: Int?

        enum CodingKeys: String, CodingKey {
            case code, deadline, overdue
            case unitCode = "unit_code"
            case procedureCode = "procedure_code"
            case procedureName = "procedure_name"
            case receivedAt = "received_at"
            case workingDaysLate = "working_days_late"
            case workingDaysLeft = "working_days_left"
        }

        init(_ item: OverdueItem) {
            code = item.dossier.code
            unitCode = item.dossier.unitCode
            procedureCode = item.dossier.procedureCode
            procedureName = item.procedureName
            receivedAt = item.dossier.receivedAt.iso8601
            deadline = item.deadline.iso8601
            overdue = item.overdue
            workingDaysLate = item.overdue ? item.workingDays : nil
            workingDaysLeft = item.overdue ? nil : item.workingDays
        }
    }

    let asOf: String
    let dossiers: [Item]

    enum CodingKeys: String, CodingKey {
        case dossiers
        case asOf = "as_of"
    }
}

/// A dossier with its verdict and history (`/api/v1/dossiers/{code}`).
struct DossierAnswer: Encodable {
    struct VerdictAnswer: Encodable {
        let outcome: String
        let reason: String
        @NullEncoded var deadline: String?
    }

    /// One event of the dossier's history: a version received (with its state and source file), or a processing step
    /// (with its time, handler, title, department, content and status, each `null` when the step lacks it).
    struct Event: Encodable {
        let sequence: Int
        let recordedAt: String
        let payload: DossierEvent.Payload
        let source: String

        enum CodingKeys: String, CodingKey {
            case sequence, type, state, source, handler, title, department, content, status
            case recordedAt = "recorded_at"
            case processedAt = "processed_at"
        }

        init(_ event: DossierEvent) {
            sequence = Int(event.sequence)
            recordedAt = event.recordedAt.iso8601
            payload = event.payload
            source = event.origin.fileName
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sequence, forKey: .sequence)
            try container.encode(recordedAt, forKey: .recordedAt)
            switch payload {
            case .version(let d):
                try container.encode("version", forKey: .type)
                try container.encode(d.state.rawValue, forKey: .state)
                try container.encode(source, forKey: .source)
            case .step(let s):
                // Optionals are encoded as `null` (not left out): the schema lists every member of a step.
                try container.encode("step", forKey: .type)
                try container.encode(s.processedAt.iso8601, forKey: .processedAt)
                try container.encode(s.handler, forKey: .handler)
                try container.encode(s.title, forKey: .title)
                try container.encode(s.department, forKey: .department)
                try container.encode(s.content, forKey: .content)
                try container.encode(s.status, forKey: .status)
            }
        }
    }

    let code: String
    let unitCode: String
    let procedureCode: String
    let channel: Int
    let state: String
    let receivedAt: String
    @NullEncoded var dueAt: String?
    let verdict: VerdictAnswer
    let events: [Event]

    enum CodingKeys: String, CodingKey {
        case code, channel, state, verdict, events
        case unitCode = "unit_code"
        case procedureCode = "procedure_code"
        case receivedAt = "received_at"
        case dueAt = "due_at"
    }
}

/// An entry of the audit log (`/api/v1/audit`).
struct AuditAnswer: Encodable {
    let at: String
    let actor: String
    let action: String
    let detail: String

    init(_ entry: AuditEntry) {
        at = entry.at.iso8601
        actor = entry.actor
        action = entry.action
        detail = entry.detail
    }
}

/// A unit's data-quality findings (`/api/v1/quality`).
struct QualityAnswer: Encodable {
    let unit: String
    let unitKnown: Bool
    let dossiers: Int
    let held: Int
    let deadlineBeforeReception: Int
    let deadlineBeforeReceptionCodes: [String]

    enum CodingKeys: String, CodingKey {
        case unit, dossiers, held
        case unitKnown = "unit_known"
        case deadlineBeforeReception = "deadline_before_reception"
        case deadlineBeforeReceptionCodes = "deadline_before_reception_codes"
    }
}

/// A closed period open to the public (`/api/v1/public/periods`).
struct PublicPeriodAnswer: Encodable {
    let period: String
    let name: String
}

/// The health check's answer.
struct HealthAnswer: Encodable {
    let status: String
}
