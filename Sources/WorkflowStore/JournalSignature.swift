import AgencyFormats
import AgencyJSON

/// The signed journal: a store whose store.json has a `publicKey` signs the last record of
/// every commit (and every store journal record) with its Ed25519 private key.
///
/// The signature is the record's `sig`: `ed25519:<base64>` over the UTF-8 bytes of
/// `fullagency-journal-sig:<id>:<seq>:<hash>`. Signing each commit's head suffices: the
/// hash chain binds every earlier record to it, so a signed head vouches for the whole
/// prefix, and it costs one signature per commit, not one per record. `sig` is not part
/// of the hash (it signs the hash), so an unsigned store's records are exactly what they
/// were before signing existed.
///
/// What `verify` requires of a signed store's journal (`JournalSignature.problems`):
/// every `sig` present is valid for its record, and the journal's last record carries
/// one. A record appended by someone without the key (a forged append) is left unsigned
/// at the end; a record edited and the chain re-hashed from it (a re-chained journal)
/// invalidates every signature from it on.
public enum JournalSignature {
    /// The record key that holds the signature.
    public static let key = "sig"
    /// The prefix of the signed message.
    public static let domain = "fullagency-journal-sig:"

    /// A new random private key (its 32-byte seed), for `FileStore.create(signingKeySeed:)`.
    public static func newKeySeed() -> [UInt8] { Ed25519Keys.generate() }

    /// The bytes signed for record `seq` of journal `id` whose hash is `hash`.
    public static func message(id: String, seq: Int, hash: String) -> [UInt8] {
        Array("\(domain)\(id):\(seq):\(hash)".utf8)
    }

    /// What is wrong with the signatures of the sound records of journal `id`, checked
    /// against `publicKey` (raw bytes); empty when every signature is valid and the last
    /// record is signed.
    static func problems(_ records: [JSONValue], id: String, publicKey: [UInt8]) -> [VerifyProblem] {
        var lastSigned = 0
        for (index, record) in records.enumerated() {
            guard let sig = record[key] else { continue }
            let seq = index + 1
            let hash = record["hash"]?.stringValue ?? ""
            guard let text = sig.stringValue,
                  Ed25519Keys.isValid(text, of: message(id: id, seq: seq, hash: hash), publicKey: publicKey)
            else {
                return [VerifyProblem(kind: .badSignature, seq: seq, message:
                    "record \(seq) of \(id) carries a signature that is not the store's key's signature of its hash: "
                    + "the record was edited and the journal re-chained from it, or the signature was copied or made "
                    + "with another key. The journal was written by someone other than the store's owner; restore "
                    + "the journal of \(id) (journal/\(id).jsonl, or its rows in a database store) from a backup, "
                    + "compare with the seals of the weekly reports (agency verify --seal), and find out who could "
                    + "write the store's files")]
            }
            lastSigned = seq
        }
        guard lastSigned < records.count else { return [] }
        let range = lastSigned + 1 == records.count ? "record \(records.count)"
            : "records \(lastSigned + 1)…\(records.count)"
        return [VerifyProblem(kind: .unsignedRecord, seq: lastSigned + 1, message:
            "\(range) of \(id) \(lastSigned + 1 == records.count ? "is" : "are") not covered by a signature "
            + "(this store signs the last record of every commit, and "
            + (lastSigned == 0 ? "no record of this journal is signed" : "record \(lastSigned) is the last signed one")
            + "): appended by someone without the store's signing key (a forged append), or signatures were "
            + "removed. Restore the journal of \(id) (journal/\(id).jsonl, or its rows in a database store) from a "
            + "backup and find out who could write the store's files")]
    }
}

/// The private half: signs journal heads. Holds the 32-byte seed in memory only.
public struct JournalSigner: Sendable {
    let seed: [UInt8]
    /// `ed25519:<base64>` of the matching public key.
    public let publicKey: String

    /// The signer of PEM text `pem` read from `path`, which must belong to `expected`
    /// (store.json's `publicKey`).
    init(pem: [UInt8], path: String, expected: String) throws(StoreError) {
        guard let seed = Ed25519Keys.seed(fromPEM: String(decoding: pem, as: UTF8.self)),
              let publicKey = Ed25519Keys.publicKeyText(seed: seed)
        else {
            throw .signingKey(path: path, problem: "it is not an Ed25519 private key in PEM (PKCS#8) form; "
                + "restore the store's key file from its backup")
        }
        guard publicKey == expected else {
            throw .signingKey(path: path, problem: "it is not this store's key: its public key is \(publicKey) but "
                + "store.json says \(expected); restore the store's own key file from its backup")
        }
        self.seed = seed
        self.publicKey = publicKey
    }

    func sign(id: String, seq: Int, hash: String) throws(StoreError) -> String {
        do {
            return try Ed25519Keys.sign(JournalSignature.message(id: id, seq: seq, hash: hash), seed: seed)
        } catch {
            throw .encoding(what: "the signature of record \(seq) of \(id)", problem: "\(error)")
        }
    }
}
