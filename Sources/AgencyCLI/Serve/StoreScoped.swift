import ArgumentParser

/// A command whose store options sit in one known property, so that `ServedForwarding`
/// finds them without reflection: walking a parsed command with `Mirror` costs a
/// reader like `agency list` about a millisecond and a half of runtime type lookups, a
/// tenth of its time. Commands not listed here are still found by reflection.
protocol StoreScoped: ParsableCommand {
    var storeOptions: StoreOptions { get }
}

extension ShowCommand: StoreScoped {}
extension ListCommand: StoreScoped {}
extension InboxCommand: StoreScoped {}
extension SearchCommand: StoreScoped {}
extension LogCommand: StoreScoped {}
extension VerifyCommand: StoreScoped {}
extension RepairCommand: StoreScoped {}
extension ReindexCommand: StoreScoped {}
extension PeopleListCommand: StoreScoped {}
extension PeopleHistoryCommand: StoreScoped {}

extension WeeklyReportCommand: StoreScoped { var storeOptions: StoreOptions { store } }
extension TickCommand: StoreScoped { var storeOptions: StoreOptions { store } }
extension ReportMinutesCommand: StoreScoped { var storeOptions: StoreOptions { store } }
extension ReportStatsCommand: StoreScoped { var storeOptions: StoreOptions { store } }
extension ReportYearCommand: StoreScoped { var storeOptions: StoreOptions { store } }

/// An action on an instance (`agency approve`, `complete`, …): its store is the one in
/// its action options.
protocol InstanceAction: StoreScoped {
    var action: ActionOptions { get }
}

extension InstanceAction {
    var storeOptions: StoreOptions { action.acting.store }
}

extension SendCommand: InstanceAction {}
extension CompleteCommand: InstanceAction {}
extension ApproveCommand: InstanceAction {}
extension RejectCommand: InstanceAction {}
extension TransferCommand: InstanceAction {}
extension DelegateCommand: InstanceAction {}
extension AddSignCommand: InstanceAction {}
extension RemoveSignCommand: InstanceAction {}
extension ReturnCommand: InstanceAction {}
extension WithdrawCommand: InstanceAction {}
extension TakeBackCommand: InstanceAction {}
extension CommentCommand: InstanceAction {}
extension CancelCommand: InstanceAction {}
extension ReassignCommand: InstanceAction {}
extension GotoCommand: InstanceAction {}
extension RetryCommand: InstanceAction {}
extension UrgeCommand: InstanceAction {}
extension RevokeCommand: InstanceAction {}

extension StartCommand: StoreScoped { var storeOptions: StoreOptions { acting.store } }
