import ArgumentParser

/// The `agency` command: thin subcommands that parse options and call the libraries.
@main
struct Agency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agency",
        abstract: "FullAgency: run and audit full-agency (全代办) workflows written in Lua.",
        discussion: """
            Workflows live in Workflows/*.lua. Start with:
              agency validate Workflows/*.lua

            Exit codes: 0 success, 1 invalid input, 2 not found, 3 not permitted,
            4 busy or conflict, 5 integrity violation, 64 usage error, 70 internal error.
            See Docs/cli.md.
            """,
        version: AgencyVersion.current,
        subcommands: [ValidateCommand.self]
    )
}
