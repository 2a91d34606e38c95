import Foundation
import LuaRuntime
import WorkflowEngine
import WorkflowStore

/// An error from running a command, sorted into the categories the CLI's exit codes
/// name: invalid input, not found, not permitted, busy or conflict, integrity, and I/O
/// (a file the operating system would not let agency read or write).
public struct ServiceError: Error, CustomStringConvertible, Sendable {
    public enum Category: String, Sendable {
        case invalid, notFound, notPermitted, busy, integrity
        /// The disk or the operating system refused a file operation: a full disk, a
        /// read-only file system, permission denied, an I/O error. The message names the
        /// file and says what to do; nothing in the store is broken by it.
        case io
        case `internal`
    }
    public var category: Category
    public var description: String

    public static func invalid(_ text: String) -> ServiceError { .init(category: .invalid, description: text) }
    public static func notFound(_ text: String) -> ServiceError { .init(category: .notFound, description: text) }
    public static func notPermitted(_ text: String) -> ServiceError { .init(category: .notPermitted, description: text) }
    public static func busy(_ text: String) -> ServiceError { .init(category: .busy, description: text) }
    public static func integrity(_ text: String) -> ServiceError { .init(category: .integrity, description: text) }
    public static func io(_ text: String) -> ServiceError { .init(category: .io, description: text) }

    /// Sorts any error from the engine, the store, the Lua runtime or Foundation's file calls.
    public init(_ error: Error) {
        switch error {
        case let error as ServiceError:
            self = error
        case let error as EngineError:
            switch error {
            case .invalid, .script: self = .invalid(error.description)
            case .notFound: self = .notFound(error.description)
            case .notPermitted: self = .notPermitted(error.description)
            case .conflict: self = .busy(error.description)
            }
        case let error as StoreError:
            self = Self.sorted(error)
        case let error as DefinitionErrors:
            self = .invalid(error.description)
        case let error as LuaError:
            self = .invalid(error.description)
        default:
            if let code = Self.posixCode(error) {
                self = .io("\(error.localizedDescription) \(StoreError.describe(errno: code))")
            } else {
                self = .init(category: .internal, description: "\(error)")
            }
        }
    }

    /// The category of a store error. A value that cannot be encoded (a number JSON cannot
    /// hold, from a script) is the workflow's input, not the disk's fault; a store that
    /// is missing, too new, misconfigured or in the way is named as such.
    static func sorted(_ error: StoreError) -> ServiceError {
        switch error.category {
        case .invalidInput: return .invalid(error.description)
        case .notFound: return .notFound(error.description)
        case .conflict: return .busy(error.description)
        case .integrity: return .integrity(error.description)
        case .io:
            if case .encoding = error { return .invalid(error.description) }
            return .io(error.description)
        case .store:
            switch error {
            case .notAStore: return .notFound(error.description)
            case .storeNotEmpty: return .busy(error.description)
            default: return .invalid(error.description)
            }
        }
    }

    /// The errno behind a Foundation file error (reading or writing a file outside the
    /// store: a report, a copy), if there is one.
    public static func posixCode(_ error: Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        // Foundation does not always say which errno it saw; its own codes still tell.
        switch (error as? CocoaError)?.code {
        case .fileNoSuchFile?, .fileReadNoSuchFile?: return ENOENT
        case .fileReadNoPermission?, .fileWriteNoPermission?: return EACCES
        case .fileWriteOutOfSpace?: return ENOSPC
        case .fileWriteVolumeReadOnly?: return EROFS
        default: return nil
        }
    }

    init(category: Category, description: String) {
        self.category = category
        self.description = description
    }
}
