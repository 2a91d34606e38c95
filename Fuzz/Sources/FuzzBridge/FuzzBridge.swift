import AgencyJSON
import FuzzSupport
import LuaRuntime

/// Any bytes: the strict JSON parser must refuse them cleanly or accept them; accepted
/// values must survive the canonical encoder, and Lua: JSON → Lua → JSON gives the value
/// back (nulls inside objects dropped, as the bridge documents) or a conversion error.
nonisolated(unsafe) private var runtime: LuaRuntime?
nonisolated(unsafe) private var identity: LuaRef?

private func dropObjectNulls(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let fields): return .object(fields.filter { !$0.value.isNull }.mapValues(dropObjectNulls))
    case .array(let items): return .array(items.map(dropObjectNulls))
    default: return value
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBridgeOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    guard let value = try? JSONValue.parse(bytes, limits: JSONParseLimits(maxDepth: 64)) else { return 0 }
    guard let canonical = try? value.canonicalBytes() else { fuzzFailure("a parsed value did not encode") }
    guard let again = try? JSONValue.parse(canonical), again == value else {
        fuzzFailure("canonical encoding did not round-trip")
    }
    if runtime == nil {
        runtime = try? LuaRuntime(limits: LuaLimits(memoryBytes: 32 << 20, instructions: 1_000_000, seconds: 2))
        if let runtime, let environment = try? runtime.newEnvironment() {
            identity = try? runtime.load(source: Array("return ...".utf8), chunkName: "fuzz", environment: environment)
        }
    }
    guard let runtime, let identity else { fuzzFailure("the Lua runtime did not start") }
    do {
        let back = try runtime.callJSON(identity, arguments: [.json(value)])
        let expected = dropObjectNulls(value)
        if case .null = value { return 0 }
        if back.first != expected { fuzzFailure("Lua round trip changed the value") }
    } catch let error as LuaError where error.kind == .conversion {
        return 0  // deeper than the bridge's limit: refused, as documented
    } catch {
        fuzzFailure("unexpected error \(error)")
    }
    return 0
}

@_cdecl("FuzzBridge_main")
public func fuzzBridgeMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzBridgeOne)
}
