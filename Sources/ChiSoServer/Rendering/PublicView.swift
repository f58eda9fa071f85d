import ChiSoCore

/// The public page of a closed period.
struct PublicView {
    let heading: String
    let selector: SelectorView
    let method: String
    let notice: NoticeView?
    let rankings: [RankingView]
}
