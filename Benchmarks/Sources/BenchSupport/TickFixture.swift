import AgencyService
import Foundation
import WorkflowStore
#if canImport(Glibc)
import Glibc
#endif

/// A store of `count` reference-flow instances waiting in `submit`, each with a daily
/// reminder (催办) due at the start time plus 1, 2, 3 ... days: the tick benchmarks.
///
/// The instances are created without fsync (it is set-up, not what is measured), then
/// the whole file system is synced and the store reopened on the real, fsyncing one,
/// so that a tick commits each fired timer durably, as `agency tick` does.
public struct TickFixture {
    public let flow: ReferenceFlow
    public let count: Int
    let start: Date

    public init(name: String, count: Int) throws {
        let folder = try BenchPaths.freshFolder(name)
        let seeding = try ReferenceFlow(storePath: folder + "/store", fileSystem: NoSyncFileSystem())
        for index in 0..<count {
            try seeding.start(String(format: "t%05d", index))
        }
        sync()
        flow = try ReferenceFlow(openingStoreAt: seeding.storePath, fileSystem: POSIXFileSystem())
        self.count = count
        guard let start = flow.service.timestamps.parse(ReferenceFlow.startTime) else {
            throw BenchError("bad start time")
        }
        self.start = start
    }

    /// Ticks to half a day before reminder `day` (1 = the first): nothing is due.
    public func tickNothingDue(day: Int = 1) throws -> TickReport {
        try flow.service.tick(until: start.addingTimeInterval(Double(day) * 86_400 - 43_200))
    }

    /// Ticks to a minute after reminder `day`: one timer fires in every instance.
    public func tickDue(day: Int) throws -> TickReport {
        try flow.service.tick(until: start.addingTimeInterval(Double(day) * 86_400 + 60))
    }
}
