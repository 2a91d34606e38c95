import AgencyJSON
import AgencyServer
import ArgumentParser
import Foundation

/// `agency people token`: per-person API tokens for the HTTP API (Docs/api.md).
struct PeopleTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "API tokens (admin): create one for a person, list them, revoke one.",
        discussion: """
            The secret is printed once, at creation; the store keeps only its SHA-256 (tokens.json,
            0600). Every create and revoke is recorded in the store journal.

            Examples:
              agency people token wangfang
              agency people token prometheus --metrics
              agency people token list
              agency people token revoke t3f9c2a1b7d04
            """,
        subcommands: [PeopleTokenCreateCommand.self, PeopleTokenListCommand.self, PeopleTokenRevokeCommand.self],
        defaultSubcommand: PeopleTokenCreateCommand.self)
}

/// Administrators only: a token acts with its person's permissions in every API call.
private func administrator(_ session: AgencySession, doing what: String) throws -> String {
    let actor = try session.actor()
    guard session.people.isAdmin(actor) else {
        throw CLIError.notPermitted("\(what)须由系统管理员（admin）操作，\(session.people.display(actor)) 没有该角色。")
    }
    return actor
}

struct PeopleTokenCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API token for a person (admin); prints the secret once.")

    @Argument(help: ArgumentHelp("The person the token acts for (people directory id).", valueName: "person"))
    var person: String
    @Flag(help: "A token that may only read GET /metrics (for Prometheus).") var metrics = false
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var acting: ActingOptions

    func run() throws {
        let session = try acting.session()
        let actor = try administrator(session, doing: "创建 API 令牌")
        guard session.people.person(person) != nil else {
            throw CLIError.notFound("no person '\(person)' in the people directory (agency people list)")
        }
        let at = session.service.timestamps.format(try session.now())
        let issued = try mapErrors {
            try APITokenStore(storeDirectory: session.storeURL.path)
                .create(person: person, scope: metrics ? .metrics : .api, actor: actor, at: at, service: session.service)
        }
        if json {
            guard case .object(var fields) = issued.token.listing else { return }
            fields["secret"] = .string(issued.secret)
            Console.out(try JSONValue.object(fields).prettyString())
            return
        }
        Console.out(issued.secret)
        Console.error("已为 \(session.people.display(person)) 创建 API 令牌 \(issued.token.id)"
            + (metrics ? "（仅限 /metrics）" : "") + "。上面的密钥只显示这一次，请妥善保存；"
            + "吊销：agency people token revoke \(issued.token.id)")
    }
}

struct PeopleTokenListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the API tokens (admin): id, person, scope, created, revoked. Never secrets.")

    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var acting: ActingOptions

    func run() throws {
        let session = try acting.session()
        _ = try administrator(session, doing: "查看 API 令牌")
        let tokens = try mapErrors { try APITokenStore(storeDirectory: session.storeURL.path).list() }
        if json {
            Console.out(try JSONValue.array(tokens.map(\.listing)).prettyString())
            return
        }
        var table = TextTable(["id", "person", "scope", "created", "by", "revoked"])
        for token in tokens {
            table.add([token.id, session.people.display(token.person), token.scope.rawValue, token.created,
                       session.people.display(token.createdBy),
                       token.revoked.map { "\($0) \(session.people.display(token.revokedBy ?? ""))" } ?? ""])
        }
        Console.out(table.render())
    }
}

struct PeopleTokenRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke an API token (admin): it stops working on the next request.")

    @Argument(help: ArgumentHelp("The token's id (agency people token list).", valueName: "token-id"))
    var token: String
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var acting: ActingOptions

    func run() throws {
        let session = try acting.session()
        let actor = try administrator(session, doing: "吊销 API 令牌")
        let at = session.service.timestamps.format(try session.now())
        let revoked = try mapErrors {
            try APITokenStore(storeDirectory: session.storeURL.path).revoke(token, actor: actor, at: at,
                                                                           service: session.service)
        }
        if json {
            Console.out(try revoked.listing.prettyString())
            return
        }
        Console.out("已吊销 API 令牌 \(revoked.id)（\(session.people.display(revoked.person))），吊销时间 \(revoked.revoked ?? at)。")
    }
}
