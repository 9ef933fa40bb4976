/// Command-line options of `capsim-scale`.
struct ScaleOptions: Sendable, Equatable {
    /// The size preset (`--size`, default `small`).
    var size = ScaleScenario.Size.small
    /// Scenario names to run (`--only`, repeatable or comma-separated); empty runs the whole preset.
    var only: [String] = []
    /// Whether to print each run's load figures after the table (`--verbose`).
    var isVerbose = false
    /// Whether to print the help text and exit (`--help`).
    var showsHelp = false
    /// Whether to run every scenario in this process (`--in-process`) instead of one child process each.
    var isInProcess = false
    /// Whether this process is a child started for one scenario (`--child`, internal): it runs the scenario in
    /// process and prints only its row.
    var isChild = false

    /// The help text, also the description of every column.
    static let help = """
        capsim-scale: generated scale scenarios through Simulation.run (no store); prints figures, asserts nothing.

        Usage (from the repository root):
          swift run -c release --package-path benchmarks capsim-scale [--size small|medium|full] [--only NAME]
            [--verbose] [--in-process]

          --size        preset: small (default; about 10 s on 2 cores), medium (about 6 minutes), full (adds
                        1,000,000 pods on 10,000 nodes over 30 simulated days; untimed, by extrapolation from
                        medium tens of minutes per large scenario and about 1 GB each)
          --only        run only this scenario of the preset (repeatable, or comma-separated)
          --verbose     print under each row the allocation and backlog while jobs arrive, queue times, peak backlog
          --in-process  run every scenario in this process (for a profiler) instead of one child process each
          --help        this text

        Scenarios (seeded, deterministic, generated in memory; one pod per job; all priority 0):
          mixed-N       N 8-GPU A100 nodes (96 cores, 1152 GiB), half labelled pool=a, half pool=b, all tainted
                        nvidia.com/gpu=present:NoSchedule; 100 jobs per node, Poisson arrivals over 30 days; 35 %
                        shared-GPU pods (250-700 GPU-milli), 35/15/12/3 % 1/2/4/8-GPU pods, every pod tolerating
                        the taint, 40 % with nodeSelector pool=a or pool=b; durations exponential (shared) and
                        lognormal (whole GPUs), scaled so the offered load is 85 % of the GPU capacity; default
                        profile, preemption on. LeastAllocated spreads pods, so 8-GPU pods mostly wait until the
                        arrivals stop and the runs end near day 41
          overload-Kk   K thousand CPU jobs (1-8 cores) on 100 CPU nodes (64 cores, 256 GiB), two a second, offered
                        at 200 % of the CPU capacity: the backlog grows until the arrivals stop
          fgd-N         the mixed-N cluster and workload under the FGD profile (gpuSharing(.fgd), every node scored)
          small:  mixed-100, overload-5k, overload-10k, fgd-1000
          medium: mixed-100, mixed-1000, mixed-5000, overload-5k, -10k, -20k, -40k, fgd-1000
          full:   medium plus mixed-10000 (1,000,000 pods) and fgd-10000

        Columns:
          nodes, pods   cluster size and pods generated (= jobs)
          days          simulated time until the last job finished (result.endMilliseconds), days
          gen s         wall time to generate the input, seconds (not part of the rates)
          wall s        wall time of Simulation.run, seconds
          maxRSS MiB    getrusage ru_maxrss after the run: a high-water mark. By default each scenario runs in its
                        own process, so it is that scenario's peak; with --in-process it is the peak of all
                        scenarios so far
          events        result.eventsProcessed; events/s and pods/s divide events and pods by wall s
          B/job         (maxRSS - resident set before generating the input) / jobs, bytes: input, run state and
                        result per job at the peak. With --in-process, "<=" marks an upper bound (the run did not
                        raise the high-water mark)
          checksum      jobs succeeded / sum over jobs of queue time (submit to first pod bound) in ms: equal
                        checksums mean equal results, so an engine change meant to keep results must keep them
        """

    /// Parses the arguments after the program name.
    ///
    /// - Parameter arguments: `CommandLine.arguments.dropFirst()`.
    /// - Throws: `ScaleOptionsError` for an unknown option, a missing value or an unknown size.
    init(arguments: ArraySlice<String>) throws(ScaleOptionsError) {
        var rest = arguments
        while let argument = rest.popFirst() {
            switch argument {
            case "--size":
                guard let value = rest.popFirst() else { throw .missingValue(argument) }
                guard let size = ScaleScenario.Size(rawValue: value) else { throw .unknownSize(value) }
                self.size = size
            case "--only":
                guard let value = rest.popFirst() else { throw .missingValue(argument) }
                only += value.split(separator: ",").map(String.init)
            case "--verbose", "-v": isVerbose = true
            case "--help", "-h": showsHelp = true
            case "--in-process": isInProcess = true
            case "--child": isChild = true
            default: throw .unknownOption(argument)
            }
        }
    }
}

/// Why the command line could not be parsed.
enum ScaleOptionsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An option that is not recognised.
    case unknownOption(String)
    /// An option given without its value.
    case missingValue(String)
    /// A `--size` value other than small, medium or full.
    case unknownSize(String)
    /// An `--only` name that is not in the chosen preset.
    case unknownScenario(name: String, available: [String])

    /// A message naming the problem and what is accepted.
    var description: String {
        switch self {
        case .unknownOption(let option): return "unknown option \(option) (see --help)"
        case .missingValue(let option): return "\(option) needs a value (see --help)"
        case .unknownSize(let size): return "unknown size \(size): use small, medium or full"
        case .unknownScenario(let name, let available):
            return "no scenario \(name) in this preset; it has \(available.joined(separator: ", ")) "
                + "(larger ones need --size medium or full)"
        }
    }
}
