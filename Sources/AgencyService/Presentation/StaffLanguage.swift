import WorkflowStore

/// The language staff read a store in: actions' results, inbox, show, log, notifications
/// and the refusals they meet. Set per store (`store.json` `"language"`, `agency init
/// --language`); zh-CN unless the store says otherwise, because the zone's staff read
/// Chinese. Exit codes and `--json` output are the same in every language.
public enum StaffLanguage: String, Sendable, CaseIterable {
    case chinese = "zh-CN"
    case english = "en"

    /// The language a store's config names (zh-CN for an unknown value, which
    /// `StoreConfig.validate` refuses anyway).
    public init(config: StoreConfig) {
        self = StaffLanguage(rawValue: config.language) ?? .chinese
    }

    /// One phrase in this language: `language.pick("待办", "items")`.
    public func pick(_ chinese: String, _ english: String) -> String {
        self == .chinese ? chinese : english
    }
}

extension AgencyService {
    /// The language of this store's staff-facing output.
    public var language: StaffLanguage { StaffLanguage(config: store.config) }
}
