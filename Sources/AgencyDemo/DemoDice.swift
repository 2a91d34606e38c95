/// The simulated people's choices, drawn from a hash of the seed and what the choice is
/// about (an instance, an item, a purpose) rather than from a running generator: the
/// same store comes out whatever order things are looked at in, and a change to one
/// project's story leaves the others' alone.
struct DemoDice {
    let seed: UInt64

    /// A number in 0..<1 for this subject.
    func unit(_ parts: String...) -> Double {
        Double(hash(parts) >> 11) / Double(UInt64(1) << 53)
    }

    /// A whole number in `range` for this subject.
    func int(_ range: ClosedRange<Int>, _ parts: String...) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(hash(parts) % span)
    }

    /// FNV-1a over the seed and the parts, finished with a SplitMix64 step so that
    /// nearby inputs give unrelated outputs.
    private func hash(_ parts: [String]) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return value ^ (value >> 31)
    }
}
