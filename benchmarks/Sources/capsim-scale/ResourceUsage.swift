import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Memory figures of this process, read from the kernel.
enum ResourceUsage {
    /// The process's peak resident set size so far (`getrusage(RUSAGE_SELF).ru_maxrss`), in bytes.
    ///
    /// This is a high-water mark: it never goes down, so after a large scenario it also covers every smaller one
    /// that runs later in the same process. Linux reports the field in KiB, macOS in bytes.
    static var peakResidentBytes: Int64 {
        var usage = rusage()
        #if os(Linux)
            guard getrusage(Int32(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
            return Int64(usage.ru_maxrss) * 1024
        #else
            guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
            return Int64(usage.ru_maxrss)
        #endif
    }

    /// The process's current resident set size, in bytes: the second field of `/proc/self/statm` times the page
    /// size on Linux; elsewhere `nil` (callers fall back to the peak).
    static var currentResidentBytes: Int64? {
        #if os(Linux)
            guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
            let fields = text.split(separator: " ")
            guard fields.count > 1, let pages = Int64(fields[1]) else { return nil }
            return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
        #else
            return nil
        #endif
    }
}
