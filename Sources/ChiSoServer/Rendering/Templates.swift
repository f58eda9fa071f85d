import Foundation
import Mustache

/// The pages' HTML templates (swift-mustache), loaded once from the module's `Templates` folder.
///
/// A page is rendered in two steps: its own template (`login`, `error`, …) renders the page's view, then `layout`
/// wraps the result with the header, the menu and the style. Templates escape every `{{value}}` for HTML; only
/// fragments the server rendered itself are inserted unescaped (`{{{body}}}`).
struct Templates: Sendable {
    let library: MustacheLibrary

    /// The templates shipped with the server. A template that does not parse is a defect of the build, found by
    /// the tests that render every page.
    static let shipped: Templates = {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            preconditionFailure("the server's templates are missing from its resources")
        }
        do {
            return try Templates(folder: folder)
        } catch {
            preconditionFailure("a server template does not parse: \(error)")
        }
    }()

    /// Every `*.mustache` file of the folder, registered under its name without the extension.
    init(folder: URL) throws {
        var library = MustacheLibrary()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        for name in names {
            let text = try String(contentsOf: folder.appending(path: name), encoding: .utf8)
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw TemplateError(file: name, underlying: error)
            }
        }
        self.library = library
    }

    /// Renders a view with the named template.
    func render(_ view: Any, _ name: String) -> String {
        guard let text = library.render(view, withTemplate: name) else { preconditionFailure("no template named \(name)") }
        return text
    }

    struct TemplateError: Error, CustomStringConvertible {
        let file: String
        let underlying: any Error
        var description: String { "\(file): \(underlying)" }
    }
}

/// What the layout shows around a page's body.
struct LayoutView {
    let title: String
    /// The signed-in user's name; nil for visitors (the menu then offers the sign-in).
    let user: String?
    /// The session's CSRF token for the sign-out form.
    let csrf: String?
    /// The page's own HTML, already rendered.
    let body: String
    /// Whether the page loads the live-update script.
    let script: Bool
    /// Whether the menu links to the administration (administrators only).
    let admin: Bool
}
