import Crypto
import Foundation

/// SHA-256 as FullAgency names content: journal hashes, definition and calendar versions.
public enum Digest {
    /// The lowercase hex SHA-256 of `bytes`.
    public static func sha256Hex<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        Hex.lowercase(SHA256.hash(data: bytes))
    }
}
