import Foundation
import WorkflowEngine
import WorkflowStore

/// Time in a store only runs forward.
///
/// A simulation store keeps a clock of its own: the latest time any command, start or
/// `tick --until` has used. A command without `--now` is dated by it, not by the real
/// date, so a simulated 2025 is never interrupted by a record of today, and a plain
/// `agency tick` fires only what is due by the simulation's time.
///
/// In every store, a command on an instance may not be dated before that instance's last
/// record (its `updatedAt`): the journal of an instance reads in time order. Timers,
/// messages, re-planning and a parent's cancel, which the store dates itself, are dated
/// at that last record instead when they come due earlier than it (a command given at a
/// later `--now` before a tick walked past the timer). A new instance may still start at
/// an earlier time than others: tests and simulations replay days side by side.
extension AgencyService {
    /// The simulation clock, or nil in a store that is not for simulation or where nothing
    /// has run yet.
    public func simulationClock() throws -> Date? {
        guard store.config.simulation else { return nil }
        if let cached = simulationClockCache { return cached }
        let text = try guarded { try store.simulationClock() }
        let date = text.flatMap { timestamps.parse($0) }
        simulationClockCache = .some(date)
        return date
    }

    /// Moves the simulation clock forward to `date` (never back); nothing in a store that is
    /// not for simulation.
    public func advanceSimulationClock(to date: Date) throws {
        guard store.config.simulation else { return }
        if let current = try simulationClock(), current >= date { return }
        try guarded { try store.setSimulationClock(timestamps.format(date)) }
        simulationClockCache = .some(date)
    }

    /// A clock-dated command read its clock before it waited for the instance's lock; under
    /// the lock it is dated again. A simulation's clock has moved at least to the instance's
    /// last record (every commit advances it), so the command is dated at that record when
    /// it read the clock earlier. A real store reads the system clock again; a clock still
    /// behind the last record is a machine's clock set back, which `datedInOrder` refuses.
    func redatedByClock(_ command: Command, after instance: Instance) throws -> Command {
        guard let at = timestamps.parse(command.at), let last = timestamps.parse(instance.updatedAt),
              at < last else { return command }
        var redated = command
        redated.at = store.config.simulation ? instance.updatedAt : timestamps.format(max(at, Date()))
        return redated
    }

    /// `command` dated no earlier than the last record of `instance`: refused for a person's
    /// command, moved forward for a timer, a message, a re-planning or a parent's cancel.
    func datedInOrder(_ command: Command, after instance: Instance) throws -> Command {
        guard let at = timestamps.parse(command.at), let last = timestamps.parse(instance.updatedAt),
              at < last else { return command }
        // What the store delivers or fires itself: timers, messages, re-planning and a
        // parent's cancel (a delivered command carries its outbox key).
        let delivered = command.kind == .timer || command.kind == .message || command.kind == .replan
            || (command.kind == .cancel && command.key != nil)
        if delivered {
            var moved = command
            moved.at = instance.updatedAt
            return moved
        }
        let how = store.config.simulation
            ? "give --now \(instance.updatedAt) or later (agency show \(instance.id) shows its history)"
            : "the system clock reads an earlier time than when the instance last changed: check the "
                + "machine's clock (timedatectl) and try again"
        throw ServiceError.invalid("the \(command.kind.rawValue) is dated \(command.at), before the last record "
                                   + "of \(instance.id) (\(instance.updatedAt)); an instance's history runs "
                                   + "forward: \(how)")
    }
}
