import AgencyHTTP
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// What frames a page: who is signed in, the CSRF token, the badge, the menu.
struct Frame {
    var person: String?
    var csrf: String
    var badge: Int?
    var nav: String = ""
    var flash: String?
    var problem: String?
    var refresh: Int?
    var bodyClass = ""
    /// Whether the menu shows 管理.
    var admin = false
}

/// Renders templates into responses with the workplace's security headers.
struct WebPages: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        let templates: [(String, String)] = [
            ("layout", LayoutTemplates.layout), ("login", LayoutTemplates.login), ("invite", LayoutTemplates.invite),
            ("message", LayoutTemplates.message), ("inbox", WorkTemplates.inbox), ("instance", WorkTemplates.instance),
            ("funnel", OverviewTemplates.funnel), ("projects", OverviewTemplates.projects),
            ("dashboard", OverviewTemplates.dashboard), ("report", OverviewTemplates.report),
            ("admin", AdminTemplates.admin),
        ]
        for (name, text) in templates { try library.register(text, named: name) }
        self.library = library
    }

    /// A whole page: `template` rendered with `context`, inside the layout.
    func page(_ template: String, title: String, context: [String: Any], frame: Frame,
              status: HTTPResponse.Status = .ok) -> Response {
        var context = Self.pruned(context)
        context["csrf"] = frame.csrf
        let body = library.render(context, withTemplate: template) ?? ""
        var layout: [String: Any] = [
            "title": title, "body": body, "csrf": frame.csrf, "bodyClass": frame.bodyClass,
            "nav\(frame.nav)": true,
        ]
        layout["person"] = frame.person
        layout["admin"] = frame.admin
        if let badge = frame.badge, badge > 0 { layout["badge"] = badge }
        layout["flash"] = frame.flash
        layout["problem"] = frame.problem
        layout["refresh"] = frame.refresh
        return Self.html(library.render(layout, withTemplate: "layout") ?? "", status: status)
    }

    /// The context without empty strings, so that `{{#key}}` sections skip them (Mustache
    /// counts an empty string as present).
    static func pruned(_ context: [String: Any]) -> [String: Any] {
        context.compactMapValues { value -> Any? in
            switch value {
            case let text as String: return text.isEmpty ? nil : text
            case let nested as [String: Any]: return pruned(nested)
            case let list as [[String: Any]]: return list.map(pruned)
            case let list as [[String: String]]: return list.map { pruned($0) }
            default: return value
            }
        }
    }

    /// A short message page (an error, a done invitation).
    func message(_ heading: String, _ text: String, back: String = "/inbox", backTitle: String = "返回我的待办",
                 frame: Frame, status: HTTPResponse.Status) -> Response {
        page("message", title: heading, context: ["heading": heading, "text": text, "back": back, "backTitle": backTitle],
             frame: frame, status: status)
    }

    /// Headers every page carries: no caching of personal pages, no framing by other
    /// sites, no inline script (there is no script at all), no referrer to other sites
    /// (invitation links carry a secret).
    static let securityHeaders: HTTPFields = {
        var fields: HTTPFields = [
            .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
                + "form-action 'self'; frame-ancestors 'self'; base-uri 'none'",
            .xContentTypeOptions: "nosniff",
            .cacheControl: "no-store",
        ]
        if let referrer = HTTPField.Name("Referrer-Policy") { fields[referrer] = "same-origin" }
        return fields
    }()

    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        // An extra field replaces the default one (two CSP headers would both be enforced).
        for field in extra { headers[field.name] = field.value }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303 See Other to `location` (after a POST, so a reload does not post again).
    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        headers.append(contentsOf: extra)
        return Response(status: .seeOther, headers: headers)
    }
}
