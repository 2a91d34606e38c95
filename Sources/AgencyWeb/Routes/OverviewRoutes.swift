import AgencyReports
import AgencyService
import AgencyHTTP
import Foundation
import Hummingbird

/// 项目库, 周报告 and the dashboard; and the page renderer every signed-in page uses.
extension WebWorkplace {
    func addOverviewRoutes(to router: Router<APIRequestContext>) {
        router.get("projects") { request, _ in
            let session = try await requireSession(request)
            let stage = request.uri.queryParameters["stage"].map(String.init)
            return try await render(session, nav: "Projects") { store in
                ("projects", "项目库", try ProjectsView.build(store, stage: stage), nil)
            }
        }
        router.get("dashboard") { request, _ in
            let session = try await requireSession(request)
            // The meeting-room screen refreshes itself every minute; ?refresh=off stops it
            // for someone reading it at their own pace (WCAG 2.2.1).
            let paused = request.uri.queryParameters["refresh"] == "off"
            return try await render(session, nav: "Dashboard", refresh: paused ? nil : 60, bodyClass: "big") { store in
                var context = try ProjectsView.dashboard(store)
                context["paused"] = paused
                return ("dashboard", "大屏", context, nil)
            }
        }
        router.get("report") { request, _ in
            let session = try await requireSession(request)
            let asked = request.uri.queryParameters["week"].map(String.init)
            return try await render(session, nav: "Report") { store in
                guard let week = try Self.week(asked, store) else { return ("report", "周报告", ["hasWeek": false], nil) }
                var context = try ReportChartsView.build(store, week: week)
                context["hasWeek"] = true
                context["previous"] = week.previous.description
                return ("report", "周报告 \(week)", context, nil)
            }
        }
        router.get("report/print") { request, _ in
            let session = try await requireSession(request)
            let asked = request.uri.queryParameters["week"].map(String.init)
            do {
                let html = try await store.withStore { store -> String in
                    guard let week = try Self.week(asked, store) else { return "<p>还没有周调度，暂无周报告。</p>" }
                    // Printed on A4, as offices do (the report's own page size is the browser's default).
                    return try store.service.weeklyReport(week: week, now: store.now).html()
                        .replacingOccurrences(of: "</head>", with: "<style>@page { size: A4; margin: 12mm; }</style></head>")
                }
                // The report is the report command's own HTML (escaped there), shown in the page's frame.
                return WebPages.html(html, headers: [.contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"])
            } catch {
                return pages.message("无法生成周报告", Self.describe(error), frame: Frame(person: session.person, csrf: session.csrf),
                                     status: .unprocessableContent)
            }
        }
    }

    /// The asked week (2025-W03) or the latest week with a dispatch.
    static func week(_ asked: String?, _ store: WebStore) throws -> ISOWeek? {
        if let asked {
            guard let week = ISOWeek(asked) else { throw WebFormError("周次“\(asked)”的格式应为 2025-W03。") }
            return week
        }
        return try store.service.latestDispatchWeek()
    }

    /// A signed-in page: `body` builds (template, title, context, badge) from the store.
    func render(_ session: WebSession, nav: String, flash: String? = nil, problem: String? = nil,
                status: HTTPResponse.Status = .ok, refresh: Int? = nil, bodyClass: String = "",
                _ body: @escaping @Sendable (WebStore) throws -> (String, String, [String: Any], Int?)) async throws
        -> Response {
        var frame = Frame(person: nil, csrf: session.csrf, nav: nav)
        frame.flash = flash
        frame.problem = problem
        frame.refresh = refresh
        frame.bodyClass = bodyClass
        do {
            let built = try await store.withStore { store -> RenderedPage in
                let (template, title, context, badge) = try body(store)
                let open = try badge ?? store.service.inbox(session.person).count
                return RenderedPage(template: template, title: title, context: context, badge: open,
                                    name: store.people.person(session.person)?.name ?? session.person,
                                    admin: store.people.isAdmin(session.person))
            }
            frame.person = built.name
            frame.badge = built.badge
            frame.admin = built.admin
            return pages.page(built.template, title: built.title, context: built.context, frame: frame, status: status)
        } catch let error as WebForbidden {
            frame.person = session.person
            return pages.message("无权查看", error.description, frame: frame, status: .forbidden)
        } catch let error as WebFormError {
            frame.person = session.person
            return pages.message("请求有误", error.description, frame: frame, status: .unprocessableContent)
        } catch where ServiceError(error).category == .notFound {
            frame.person = session.person
            return pages.message("没有找到", ServiceError(error).description, frame: frame, status: .notFound)
        } catch {
            frame.person = session.person
            logger.error("page failed: \(error)")
            return pages.message("页面出错", Self.describe(error), frame: frame, status: .internalServerError)
        }
    }
}

/// A page's parts as built on the executor (Mustache contexts are plain dictionaries).
struct RenderedPage: @unchecked Sendable {
    let template: String
    let title: String
    let context: [String: Any]
    let badge: Int
    let name: String
    let admin: Bool
}
