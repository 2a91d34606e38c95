/// The version `agency --version` prints.
enum AgencyVersion {
    static let current = "0.1.0"
}
