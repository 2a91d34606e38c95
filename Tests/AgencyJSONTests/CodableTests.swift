import Foundation
import Testing
import AgencyJSON

@Suite("Codable bridge")
struct CodableTests {
    enum Status: Codable, Equatable {
        case waiting
        case approved(by: String, at: Int64)
    }

    struct Step: Codable, Equatable {
        var name: String
        var weight: Double
        var retries: UInt8
        var note: String?
    }

    struct Snapshot: Codable, Equatable {
        var id: Int64
        var ratio: Double
        var steps: [Step]
        var status: Status
        var payload: JSONValue
        var tags: Set<String>
        var counts: [String: Int]
        var byIndex: [Int: String]
        var created: Date
        var blob: Data
        var link: URL
        var price: Decimal
        var small: Float
    }

    static let snapshot = Snapshot(
        id: .max,
        ratio: 1.0,
        steps: [Step(name: "review", weight: 0.5, retries: 3, note: nil), Step(name: "sign", weight: 2, retries: 0, note: "中文")],
        status: .approved(by: "ada", at: 1_700_000_000),
        payload: ["exact": 1.0, "big": 9_007_199_254_740_993, "neg": -0.0],
        tags: ["b", "a"],
        counts: ["x": 1],
        byIndex: [2: "two", -1: "minus one"],
        created: Date(timeIntervalSinceReferenceDate: 1234.5),
        blob: Data([0, 1, 2, 255]),
        link: URL(string: "https://example.com/a?b=c")!,
        price: Decimal(string: "12.34")!,
        small: 0.1)

    @Test func structRoundTripsThroughJSONValue() throws {
        let value = try JSONValue(encoding: Self.snapshot)
        #expect(try value.decode(Snapshot.self) == Self.snapshot)
        // …and through text, as a snapshot on disk would.
        let reloaded = try JSONValue.parse(try value.prettyBytes())
        #expect(try reloaded.decode(Snapshot.self) == Self.snapshot)
    }

    @Test func encodingKeepsNumberKindsAndFoundationConventions() throws {
        let value = try JSONValue(encoding: Self.snapshot)
        #expect(value["id"] == .integer(.max))
        #expect(value["ratio"] == .double(1.0))
        #expect(value["steps"]?[1]?["weight"] == .double(2.0))
        #expect(value["steps"]?[0]?["note"] == nil)
        #expect(value["status"] == ["approved": ["by": "ada", "at": 1_700_000_000]])
        #expect(value["blob"] == "AAEC/w==")
        #expect(value["link"] == "https://example.com/a?b=c")
        #expect(value["price"] == .double(12.34))
        #expect(value["small"] == .double(0.1))
        #expect(value["created"] == .double(1234.5))
        #expect(value["byIndex"] == ["2": "two", "-1": "minus one"])
    }

    @Test func embeddedJSONValueSurvivesUnchanged() throws {
        let value = try JSONValue(encoding: Self.snapshot)
        let payload = try value.decode(Snapshot.self).payload
        #expect(isIdentical(payload, Self.snapshot.payload))
        #expect(payload["exact"]?.intValue == nil)
    }

    @Test func decodingErrorsCarryTheCodingPath() throws {
        let wrongType: JSONValue = ["name": 5, "weight": 1, "retries": 1]
        let mismatch = try #require(throws: DecodingError.self) { try wrongType.decode(Step.self) }
        guard case .typeMismatch(_, let context) = mismatch else {
            Issue.record("expected typeMismatch, got \(mismatch)")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["name"])
        #expect(context.debugDescription == "expected a string but found integer")

        let overflow: JSONValue = ["name": "n", "weight": 1, "retries": 300]
        #expect(throws: DecodingError.self) { try overflow.decode(Step.self) }
        let fraction: JSONValue = [[1, 2.5]]
        #expect(throws: DecodingError.self) { try fraction.decode([[Int]].self) }
        let missing: JSONValue = ["name": "n"]
        #expect(throws: DecodingError.self) { try missing.decode(Step.self) }
    }

    @Test func lenientOnlyWhereExact() throws {
        #expect(try JSONValue.double(2.0).decode(Int.self) == 2)
        #expect(try JSONValue.integer(3).decode(Double.self) == 3.0)
        #expect(try JSONValue.array([1, nil, 3]).decode([Int?].self) == [1, nil, 3])
        #expect(try JSONValue.array([nil]).decode([JSONValue?].self) == [nil])
    }

    @Test func valuesJSONCannotHoldAreRefused() throws {
        #expect(throws: EncodingError.self) { try JSONValue(encoding: UInt64.max) }
        #expect(throws: EncodingError.self) { try JSONValue(encoding: [Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValue(encoding: ["x": Float.infinity]) }
        #expect(try JSONValue(encoding: UInt64(Int64.max)) == .integer(.max))
    }

    @Test func classInheritanceUsesSuperContainers() throws {
        let child = Child(base: 1, extra: "e")
        let value = try JSONValue(encoding: child)
        #expect(value == ["extra": "e", "super": ["base": 1]])
        let decoded = try value.decode(Child.self)
        #expect((decoded.base, decoded.extra) == (1, "e"))
    }

    @Test func foundationCodersUseTheFitsInInt64Rule() throws {
        let text = #"[1, 1.5, 18446744073709551615, "s", null, true, {"a": []}]"#
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(decoded == [1, 1.5, .double(18_446_744_073_709_551_615.0), "s", nil, true, ["a": []]])
        let original: JSONValue = ["k": [1, "v", nil]]
        let encoded = try JSONEncoder().encode(original)
        #expect(try JSONValue.parse(encoded) == original)
    }
}

class Base: Codable {
    var base: Int
    init(base: Int) { self.base = base }
}

final class Child: Base {
    var extra: String
    private enum CodingKeys: String, CodingKey { case extra }

    init(base: Int, extra: String) {
        self.extra = extra
        super.init(base: base)
    }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        extra = try container.decode(String.self, forKey: .extra)
        try super.init(from: container.superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(extra, forKey: .extra)
        try super.encode(to: container.superEncoder())
    }
}
