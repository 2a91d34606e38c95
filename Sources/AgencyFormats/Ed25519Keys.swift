import Crypto
import Foundation

/// Ed25519 keys and signatures as FullAgency writes them (the signed journal).
///
/// - private key file: PEM, PKCS#8 (`-----BEGIN PRIVATE KEY-----`), the format
///   `openssl genpkey -algorithm ed25519` writes and `openssl pkey` reads, so an operator
///   can inspect or back it up with standard tools;
/// - public key: `ed25519:<base64 of the 32 raw bytes>` (store.json's `publicKey`);
/// - signature: `ed25519:<base64 of the 64 bytes>` (a journal record's `sig`).
public enum Ed25519Keys {
    public static let prefix = "ed25519:"

    /// The DER prefix of a PKCS#8 Ed25519 private key (RFC 8410): SEQUENCE, version 0,
    /// AlgorithmIdentifier 1.3.101.112, OCTET STRING wrapping the 32-byte seed.
    private static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]

    /// A new random private key: its 32-byte seed.
    public static func generate() -> [UInt8] {
        Array(Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    /// The PEM text of the private key with `seed`.
    public static func privatePEM(seed: [UInt8]) -> String {
        let body = Data(pkcs8Prefix + seed).base64EncodedString(options: [.lineLength64Characters])
        return "-----BEGIN PRIVATE KEY-----\n\(body)\n-----END PRIVATE KEY-----\n"
    }

    /// The seed in a PEM private key file, or nil when it is not an Ed25519 PKCS#8 key.
    public static func seed(fromPEM text: String) -> [UInt8]? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: "-----BEGIN PRIVATE KEY-----"),
              let end = lines.firstIndex(of: "-----END PRIVATE KEY-----"), begin < end,
              let der = Data(base64Encoded: lines[(begin + 1)..<end].joined())
        else { return nil }
        let bytes = [UInt8](der)
        guard bytes.count == pkcs8Prefix.count + 32, Array(bytes.prefix(pkcs8Prefix.count)) == pkcs8Prefix
        else { return nil }
        return Array(bytes.suffix(32))
    }

    /// `ed25519:<base64>` of the public key of `seed`; nil for a seed of the wrong size.
    public static func publicKeyText(seed: [UInt8]) -> String? {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else { return nil }
        return prefix + key.publicKey.rawRepresentation.base64EncodedString()
    }

    /// The 32 raw bytes of a public key written `ed25519:<base64>`, or nil.
    public static func publicKeyBytes(_ text: String) -> [UInt8]? {
        guard text.hasPrefix(prefix), let data = Data(base64Encoded: String(text.dropFirst(prefix.count))),
              data.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: data)) != nil
        else { return nil }
        return [UInt8](data)
    }

    /// `ed25519:<base64>` of the signature of `message` by the key with `seed`.
    public static func sign(_ message: [UInt8], seed: [UInt8]) throws -> String {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        return prefix + (try key.signature(for: message)).base64EncodedString()
    }

    /// Whether `signature` (`ed25519:<base64>`) is `publicKey`'s signature of `message`.
    public static func isValid(_ signature: String, of message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.hasPrefix(prefix),
              let bytes = Data(base64Encoded: String(signature.dropFirst(prefix.count))), bytes.count == 64,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
        else { return false }
        return key.isValidSignature(bytes, for: message)
    }
}
