import AgencyFormats
import Foundation
import Testing

/// The one timestamp writer reproduces what the engine wrote with `ISO8601DateFormatter`
/// byte for byte: journal records hash these bytes.
@Suite struct ISOTimeTests {
    static let zones = ["Asia/Shanghai", "UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
                        "Pacific/Chatham", "Europe/London"]

    @Test(arguments: zones)
    func matchesFoundationsFormatter(zone name: String) throws {
        let zone = try #require(TimeZone(identifier: name))
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        var generator = SystemRandomNumberGenerator()
        // Whole and fractional seconds from 1901 to 2150, plus the edges of rounding.
        var instants: [Double] = [0, 0.4, 0.5, 0.9999, -0.5, -1.5, -2.5, 1_735_693_200.5, 1_735_693_200.9999,
                                  1_741_503_599.7, 0.9994, 0.9995, 0.9996, 4_102_444_800]
        for _ in 0..<1_000 {
            let seconds = Double(Int64.random(in: -2_177_452_800...5_680_281_600, using: &generator))
            instants.append(seconds)
            instants.append(seconds + Double.random(in: 0..<1, using: &generator))
        }
        for instant in instants {
            let date = Date(timeIntervalSince1970: instant)
            #expect(ISOTime.string(date, in: zone) == formatter.string(from: date), "\(instant) in \(name)")
        }
    }

    @Test func zoneOffsets() throws {
        let date = Date(timeIntervalSince1970: 1_736_125_200)  // 2025-01-06T01:00:00Z
        #expect(ISOTime.string(date, in: try #require(TimeZone(identifier: "Asia/Shanghai"))) == "2025-01-06T09:00:00+08:00")
        #expect(ISOTime.string(date, in: try #require(TimeZone(secondsFromGMT: -5 * 3_600))) == "2025-01-05T20:00:00-05:00")
        #expect(ISOTime.string(date, in: try #require(TimeZone(secondsFromGMT: 0))) == "2025-01-06T01:00:00Z")
    }

    @Test func compactUTCRoundsDownAndReadsBack() {
        let date = Date(timeIntervalSince1970: 1_736_125_200.9)
        #expect(ISOTime.compactUTC(date) == "20250106T010000Z")
        #expect(ISOTime.parseCompactUTC("20250106T010000Z") == Date(timeIntervalSince1970: 1_736_125_200))
        for bad in ["20250106T0100Z", "2025-01-06T010000Z", "20250106X010000Z", "20250106T01000aZ", ""] {
            #expect(ISOTime.parseCompactUTC(bad) == nil, "\(bad)")
        }
    }
}

@Suite struct DigestTests {
    @Test func hexIsLowercaseTwoDigitsPerByte() {
        #expect(Hex.lowercase([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.lowercase([UInt8]()) == "")
    }

    @Test func sha256OfKnownTexts() {
        #expect(Digest.sha256Hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.isSHA256(Digest.sha256Hex(Array("abc".utf8))))
        #expect(!Hex.isSHA256("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"))
        #expect(!Hex.isSHA256("abc"))
    }
}
