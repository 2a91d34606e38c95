// Test aid, in no product: proves the watchdog ends a process whose Lua run is stuck
// where no hook fires. A host function that sleeps stands in for a C loop the charged
// wrappers did not foresee. Exit 1 with the watchdog's message is the expected outcome;
// exit 0 means the run came back (the watchdog failed), 70 a set-up failure.
import Foundation
import LuaRuntime

LuaRuntime.startWatchdog(graceSeconds: 0.3, exitCode: 1)
do {
    let runtime = try LuaRuntime(limits: LuaLimits(memoryBytes: 16 << 20, instructions: 1_000_000, seconds: 0.3))
    let stuck = try runtime.makeFunction(name: "stuck") { _ in
        Thread.sleep(forTimeInterval: 10)
        return []
    }
    let environment = try runtime.newEnvironment()
    try runtime.setField(environment, "stuck", .value(.function(stuck)))
    let chunk = try runtime.load(source: Array("stuck()".utf8), chunkName: "probe.lua", environment: environment)
    _ = try runtime.call(chunk, arguments: [])
    print("the stuck run returned: the watchdog did not stop it")
    exit(0)
} catch {
    print("probe set-up failed: \(error)")
    exit(70)
}
