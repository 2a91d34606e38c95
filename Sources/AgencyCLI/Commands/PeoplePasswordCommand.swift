import AgencyJSON
import AgencyServer
import ArgumentParser
import Foundation

/// `agency people passwd`: a person's password for the web workplace (Docs/web.md).
struct PeoplePasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Set a person's web password (admin, or the person), or create a one-time invitation link.",
        discussion: """
            The new password is read from standard input (its first line), so it never
            appears in the process list or the shell's history. The store keeps only its
            bcrypt hash (passwords.json, 0600); the change is recorded in the store journal.
            --invite prints a link, valid for 72 hours and usable once, on which the person
            chooses the password themselves.

            Examples:
              agency people passwd zhangwei < new-password.txt
              agency people passwd zhangwei --invite --base-url https://agency.example.gov.cn
            """)

    @Argument(help: ArgumentHelp("The person (people directory id).", valueName: "person"))
    var person: String
    @Flag(help: "Create a one-time invitation link instead of reading a password.") var invite = false
    @Option(help: ArgumentHelp("The web workplace's address, for the link (default: the path alone).",
                               valueName: "url"))
    var baseURL: String?
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var acting: ActingOptions

    func run() throws {
        let session = try acting.session()
        let actor = try session.actor()
        guard session.people.person(person) != nil else {
            throw CLIError.notFound("no person '\(person)' in the people directory (agency people list)")
        }
        guard session.people.isAdmin(actor) || (actor == person && !invite) else {
            throw CLIError.notPermitted(invite
                ? "邀请链接须由系统管理员（admin）生成，\(session.people.display(actor)) 没有该角色。"
                : "只能设置自己的密码；为\(session.people.display(person))设置密码须由系统管理员（admin）操作。")
        }
        let store = PasswordStore(storeDirectory: session.storeURL.path)
        let now = try session.now()
        if invite {
            let invitation = try mapErrors {
                try store.invite(person: person, actor: actor, at: now, timestamps: session.service.timestamps.format,
                                 service: session.service)
            }
            let link = (baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "")
                + "/invite/\(invitation.secret)"
            let expires = session.service.timestamps.format(invitation.expires)
            if json {
                Console.out(try JSONValue.object(["person": .string(person), "link": .string(link),
                                                  "expires": .string(expires)]).prettyString())
                return
            }
            Console.out(link)
            Console.error("已为 \(session.people.display(person)) 生成一次性邀请链接，\(expires) 前有效，"
                + "用过即失效；请通过可信渠道发给本人。")
            return
        }
        let password = try Self.readPassword()
        let at = session.service.timestamps.format(now)
        try mapErrors {
            try store.set(person: person, password: password, actor: actor, at: at, via: "cli", service: session.service)
        }
        if json {
            Console.out(try JSONValue.object(["person": .string(person), "set": .string(at)]).prettyString())
            return
        }
        Console.out("已设置 \(session.people.display(person)) 的网页登录密码。")
    }

    /// The first line of standard input, without its line ending.
    static func readPassword() throws -> String {
        let bytes = try UserFiles.servedStandardInput()
            ?? Array(FileHandle.standardInput.readData(ofLength: 4096))
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw CLIError.invalid("the password on standard input is not UTF-8 text")
        }
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) } ?? ""
        guard !line.isEmpty else {
            throw CLIError.invalid("no password on standard input: agency people passwd PERSON < file "
                + "(or --invite for a link the person opens)")
        }
        return line
    }
}
