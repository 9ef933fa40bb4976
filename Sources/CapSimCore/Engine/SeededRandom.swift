import Foundation

/// The seeded pseudo-random generator used everywhere in capsim: xoshiro256** (Blackman and Vigna, 2018),
/// seeded through SplitMix64.
///
/// A scenario has one seed; each purpose (arrivals of one workload, its durations, the trace shuffle)
/// draws from its own stream, derived from the seed and a stable name with FNV-1a, so changing one
/// workload does not shift another's draws. Never uses the system generator.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator from a 64-bit seed (state filled by SplitMix64).
    ///
    /// - Parameter seed: Any 64-bit value; equal seeds give equal sequences.
    public init(seed: UInt64) {
        var sm = seed
        s0 = SeededRandom.splitMix64(&sm)
        s1 = SeededRandom.splitMix64(&sm)
        s2 = SeededRandom.splitMix64(&sm)
        s3 = SeededRandom.splitMix64(&sm)
    }

    /// Creates the independent stream for one purpose.
    ///
    /// - Parameters:
    ///   - seed: The scenario seed.
    ///   - stream: A stable purpose name, for example `"arrivals/training"`.
    public init(seed: UInt64, stream: String) {
        self.init(seed: seed ^ SeededRandom.fnv1a(stream))
    }

    /// Next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform double in the open interval (0, 1), from the top 53 bits.
    public mutating func nextUnitOpen() -> Double {
        Double((next() >> 11) + 1) / 9_007_199_254_740_993.0
    }

    /// A uniform integer in `0..<upperBound` (Lemire's unbiased method via the standard library).
    ///
    /// - Parameter upperBound: Exclusive bound, > 0.
    /// - Returns: An index in `0..<upperBound`.
    public mutating func nextIndex(below upperBound: Int) -> Int {
        Int.random(in: 0..<upperBound, using: &self)
    }

    /// A standard normal deviate (Box-Muller, one value per call, deterministic).
    public mutating func nextGaussian() -> Double {
        let u1 = nextUnitOpen()
        let u2 = nextUnitOpen()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    private static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a 64-bit hash of a string's UTF-8 bytes: a stable (process-independent) stream id.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
