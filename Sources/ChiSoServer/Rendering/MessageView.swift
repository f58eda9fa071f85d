import ChiSoCore

/// A short page: a title, an optional period selector and a message.
struct MessageView {
    let title: String
    let selector: SelectorView?
    let text: String
    let refused: Bool
}

/// The note shown instead of results where there is nothing to score (DOMAIN §4a D11).
struct NoticeView {
    let text: String
}

/// "Download as Excel or CSV" links; `base` ends with `?` or `&`.
struct ExportLinksView {
    let base: String
    let what: String
}
