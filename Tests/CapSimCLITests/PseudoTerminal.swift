import Foundation

/// A pseudo-terminal of a given width whose secondary side becomes a child process's stderr, so the child sees a
/// terminal (`isatty`, `TIOCGWINSZ`) while the test reads every byte it writes there.
///
/// The secondary side is put in raw mode, so the bytes arrive as written (no `\n` to `\r\n`). The child is started
/// with `posix_spawn`, with an empty signal mask and SIGINT at its default action, as a shell starts a command:
/// the threads that tests run on block most signals, and `Process` passes that mask on. Signals are sent with
/// `kill`, not typed as Ctrl-C, as the child has no controlling terminal.
final class PseudoTerminal: @unchecked Sendable {
    /// How the child ended.
    enum Termination: Equatable {
        /// `exit(code)`.
        case exited(Int32)
        /// Killed by a signal (a shell reports 128 + the signal number).
        case signaled(Int32)
    }

    /// The child's process id, once launched.
    private(set) var processIdentifier: pid_t = 0

    private let primary: Int32
    private var secondary: Int32
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var isDrained = false

    /// Opens a pseudo-terminal `columns` wide and 10 rows high.
    ///
    /// - Parameter columns: The width the child reads with `TIOCGWINSZ`.
    /// - Throws: When no pseudo-terminal can be opened.
    init(columns: UInt16) throws {
        let functions = try PTYFunctions()
        primary = functions.openPrimary(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard primary >= 0, functions.grant(primary) == 0, functions.unlock(primary) == 0,
            let name = functions.secondaryName(primary)
        else {
            throw CLIProcessError(message: "no pseudo-terminal: errno \(errno)")
        }
        // Close-on-exec: children that other tests start meanwhile must not hold the terminal open.
        secondary = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard secondary >= 0 else {
            throw CLIProcessError(message: "cannot open \(String(cString: name)): errno \(errno)")
        }
        var size = winsize(ws_row: 10, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(secondary, UInt(TIOCSWINSZ), &size)
        var settings = termios()
        tcgetattr(secondary, &settings)
        cfmakeraw(&settings)
        tcsetattr(secondary, TCSANOW, &settings)
    }

    deinit {
        close(primary)
        if secondary >= 0 { close(secondary) }
    }

    /// Starts the `capsim` binary with stderr on the terminal, stdout to a file and stdin from `/dev/null`, and
    /// starts reading the terminal.
    ///
    /// - Parameters:
    ///   - arguments: Command-line arguments after `capsim`, with absolute paths (the child keeps the test's
    ///     working directory).
    ///   - stdoutPath: File that receives the child's stdout.
    /// - Throws: When the binary is missing or cannot be started.
    func launch(_ arguments: [String], stdoutPath: String) throws {
        guard let binary = CLIProcess.binary?.path else {
            throw CLIProcessError(message: "the capsim executable was not found; build it first or set CAPSIM_BINARY")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, secondary, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &interrupt)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = nil
        environment["CAPSIM_TRACES"] = nil
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, binary, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw CLIProcessError(message: "could not start \(binary): error \(result)")
        }
        processIdentifier = pid
        // Only the child holds the secondary side now: reading the primary fails (EIO) once the child exits.
        close(secondary)
        secondary = -1
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(primary, &buffer, buffer.count)
                guard count > 0 else { break }
                lock.withLock { bytes += buffer[0..<count] }
            }
            lock.withLock { isDrained = true }
        }
    }

    /// Everything the child wrote to the terminal so far.
    var output: String {
        lock.withLock { String(decoding: bytes, as: UTF8.self) }
    }

    /// Waits until the output contains `text`, or the child has exited and everything was read.
    ///
    /// - Parameters:
    ///   - text: Text to wait for.
    ///   - limitSeconds: A guard against a hung child, not a timing expectation.
    /// - Returns: Whether `text` appeared.
    func waitFor(_ text: String, limitSeconds: Double = 600) -> Bool {
        let deadline = Date().addingTimeInterval(limitSeconds)
        while Date() < deadline {
            let (seen, drained) = lock.withLock { (String(decoding: bytes, as: UTF8.self).contains(text), isDrained) }
            if seen { return true }
            if drained { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    /// Waits for the child to end and for its last output to be read.
    ///
    /// - Returns: How the child ended.
    func waitForExit() -> Termination {
        var status: Int32 = 0
        while waitpid(processIdentifier, &status, 0) < 0 && errno == EINTR {}
        _ = waitFor("\u{0}never printed\u{0}")
        // The <sys/wait.h> macros are not imported: the low 7 bits are the signal, the next byte the exit code.
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }
}

/// `posix_openpt`, `grantpt`, `unlockpt` and `ptsname`: glibc declares them only for X/Open builds, so Swift's
/// Glibc module does not show them; they are looked up in the C library at run time instead.
private struct PTYFunctions {
    let openPrimary: @convention(c) (Int32) -> Int32
    let grant: @convention(c) (Int32) -> Int32
    let unlock: @convention(c) (Int32) -> Int32
    let secondaryName: @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    init() throws {
        func lookUp<Function>(_ name: String, as type: Function.Type) throws -> Function {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
                throw CLIProcessError(message: "\(name) is not in the C library")
            }
            return unsafeBitCast(symbol, to: type)
        }
        openPrimary = try lookUp("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
        grant = try lookUp("grantpt", as: (@convention(c) (Int32) -> Int32).self)
        unlock = try lookUp("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
        secondaryName = try lookUp("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
    }
}
