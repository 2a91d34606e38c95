import AgencyJSON
import AgencyService
import LuaRuntime

/// The host half of the Lua test API: the methods of `t`, as host functions that call
/// the running test's ``TestSession``. One host serves one test file's Lua runtime; the
/// runner points `session` at each test's fresh session in turn.
///
/// An error thrown here becomes a Lua error located at the test line that called the
/// method (the trampoline prefixes the caller's `FILE:LINE:`), which is how failures
/// name the line of the assertion.
final class TestHost {
    typealias Method = (LuaHostCall) throws -> [JSONValue]
    /// A method's body; the host and the call's arguments are handed in.
    typealias Body = @Sendable (TestHost, TestCall) throws -> [JSONValue]
    var session: TestSession?

    func current() throws -> TestSession {
        guard let session else { throw HostCallError("t is only usable while its test runs") }
        return session
    }

    /// Every method of `t` (Docs/testing.md documents each), including `expect_refused`,
    /// which the Lua prelude defines.
    static var methodNames: [String] {
        (commandMethods + readMethods + expectationMethods).map(\.0) + ["expect_refused"]
    }

    /// Methods that change the world: the clock, starts, actions, signals, schedules.
    static let commandMethods: [(String, Body)] = [
        ("at", { host, call in
            let session = try host.current()
            let text = try call.string(1, "the time (\"2025-01-06T09:00\")")
            return [try session.moveClock(to: try session.moment(text, context: "t:at"), context: "t:at")]
        }),
        ("advance", { host, call in
            let session = try host.current()
            let text = try call.string(1, "the duration (workdays(2), hours(3)) or time")
            return [try session.moveClock(to: try session.moment(text, context: "t:advance"), context: "t:advance")]
        }),
        ("tick", { host, _ in
            let session = try host.current()
            return [try session.moveClock(to: session.now, context: "t:tick")]
        }),
        ("now", { host, _ in [.string(try host.current().format(try host.current().now))] }),
        ("start", { host, call in
            let workflow = try call.string(1, "the workflow's name")
            return [.string(try host.current().start(workflow, input: try call.value(2),
                                                     options: try call.optionalValue(3)))]
        }),
        ("act", { host, call in
            let id = try call.string(1, "the instance id")
            let kind = try call.string(2, "the action (\"approve\", \"complete\", ...)")
            return [try host.current().act(id, kindName: kind, options: try call.optionalValue(3))]
        }),
        ("signal", { host, call in
            let id = try call.string(1, "the instance id")
            let event = try call.string(2, "the event's name")
            return [try host.current().signal(id, event: event, data: try call.value(3))]
        }),
        ("enable_schedule", { host, call in
            let workflow = try call.string(1, "the workflow's name")
            return [.string(try host.current().enableSchedule(workflow, from: try call.optionalString(2, "the first day")))]
        }),
        ("clear_notifications", { host, _ in [.integer(Int64(try host.current().clearNotifications()))] }),
    ]

    /// Methods that read: they return plain tables (JSON shapes, Docs/testing.md).
    static let readMethods: [(String, Body)] = [
        ("instance", { host, call in [try host.current().instanceJSON(try call.string(1, "the instance id"))] }),
        ("data", { host, call in [try host.current().instance(try call.string(1, "the instance id")).data] }),
        ("items", { host, call in
            let id = try call.string(1, "the instance id")
            return [.array(try host.current().openItems(id, matching: try call.optionalValue(2)))]
        }),
        ("journal", { host, call in [.array(try host.current().journal(try call.string(1, "the instance id")))] }),
        ("notifications", { host, call in
            [.array(try host.current().notifications(matching: try call.optionalValue(1)))]
        }),
        ("inbox", { host, call in [.array(try host.current().inbox(try call.string(1, "the person's id")))] }),
        ("list", { host, call in [.array(try host.current().list(try call.optionalValue(1)))] }),
        ("report", { host, call in
            let name = try call.string(1, "the report's name")
            return [try host.current().report(name, options: try call.value(2))]
        }),
    ]

    /// Builds the `host` table the prelude receives: `methods` (for `t`) and the three
    /// internals `expect_refused` needs.
    func table(in runtime: LuaRuntime) throws -> LuaRef {
        let methods = try runtime.newTable()
        for (name, body) in Self.commandMethods + Self.readMethods + Self.expectationMethods {
            let function = try runtime.makeFunction(name: "t:\(name)") { [unowned self] call in
                try body(self, try TestCall(call, name))
            }
            try runtime.setField(methods, name, .value(.function(function)))
        }
        let host = try runtime.newTable()
        try runtime.setField(host, "methods", .value(.table(methods)))
        for (name, body) in internals {
            try runtime.setField(host, name, .value(.function(try runtime.makeFunction(name: name, body))))
        }
        return host
    }

    private var internals: [(String, Method)] {
        [
            ("record_failure", { [unowned self] call in
                let call = try TestCall(call, "expect_refused")
                let expectation = try call.string(1, "the expectation")
                let message = try call.string(2, "the message")
                return [.string(try self.recordFailure(expectation, message,
                                                       expected: try call.optionalValue(3),
                                                       actual: try call.optionalValue(4)))]
            }),
            ("clear_refusal", { [unowned self] _ in
                try self.current().lastRefusal = nil
                return []
            }),
            ("last_refusal", { [unowned self] _ in
                guard let refusal = try self.current().lastRefusal else { return [.null] }
                return [.object(["code": .string(refusal.code), "message": .string(refusal.message)])]
            }),
        ]
    }

    /// Remembers a failed expectation with its values and returns the message to raise.
    func recordFailure(_ expectation: String, _ message: String, expected: JSONValue?,
                       actual: JSONValue?) throws -> String {
        let text = "\(expectation): \(message)"
        try current().failure = TestFailure(message: text, expectation: expectation,
                                            expected: expected, actual: actual)
        return text
    }

    func fail(_ expectation: String, _ message: String, expected: JSONValue?,
              actual: JSONValue?) throws -> HostCallError {
        HostCallError(try recordFailure(expectation, message, expected: expected, actual: actual))
    }
}
