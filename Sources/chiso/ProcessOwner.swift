import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The identity of a process for the import log: `pid:START`, where START is the process's start time (clock
/// ticks since boot, from `/proc`), so that a pid reused by another process is not taken for the importer.
/// Where `/proc` does not exist the identity is `pid:` and the pid alone is checked.
enum ProcessOwner {
    /// This process.
    static var current: String { identity(of: getpid()) }

    static func identity(of pid: pid_t) -> String { "pid:\(pid):\(startTime(of: pid) ?? "")" }

    /// Whether the process an identity names still runs.
    static func isAlive(_ owner: String) -> Bool {
        let parts = owner.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "pid", let pid = pid_t(parts[1]), pid > 0 else { return false }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard !parts[2].isEmpty else { return true }
        return startTime(of: pid) == String(parts[2])
    }

    /// Field 22 of `/proc/PID/stat` (after the command name, which may hold spaces and parentheses).
    private static func startTime(of pid: pid_t) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); field 22 is fields[19].
        return fields.count > 19 ? String(fields[19]) : nil
    }
}
