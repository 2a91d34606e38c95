// The start-up baseline for `agency` as a process: Foundation is loaded and used once,
// as any Swift command-line tool on Linux does, and nothing else happens.
import Foundation

_ = ProcessInfo.processInfo.environment["HOME"]
