import Foundation
import Glibc

/// A process the benchmark starts and stops: `sluice serve`, or a peer written in another
/// language. Its peak resident memory comes from the kernel (`VmHWM`), so every process is
/// measured the same way whatever it is written in; its output goes to a log file.
final class ChildProcess: Sendable {
    let pid: pid_t
    let logPath: String

    init(executable: String, arguments: [String], environment: [String: String], logPath: String) throws(BenchmarkFailure) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard status == 0 else { throw BenchmarkFailure("cannot start \(executable): \(String(cString: strerror(status)))") }
        self.pid = pid
        self.logPath = logPath
    }

    /// Whether the process has exited (without reaping it, so ``stop(timeout:)`` still can).
    var hasExited: Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == pid
    }

    /// The process's peak resident set so far, in bytes (`VmHWM` in `/proc/<pid>/status`), or
    /// nil once it is gone. Not `wait4`'s `ru_maxrss`: a spawned child's counts the parent's
    /// memory from before its `exec`, here the broker holding the whole backlog.
    var peakResidentBytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1_024
    }

    /// Sends SIGTERM, waits up to `timeout` for the exit (then SIGKILL), and returns the exit status.
    func stop(timeout: Duration) async -> Int32 {
        kill(pid, SIGTERM)
        let pid = self.pid
        return await OffPool.run {
            let deadline = ContinuousClock.now + timeout
            var status: Int32 = 0
            while true {
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid { return status }
                if reaped < 0 { return -1 }
                if ContinuousClock.now > deadline { kill(pid, SIGKILL) }
                usleep(20_000)
            }
        }
    }

    /// The last lines of the log, for a failure message.
    func logTail(lines: Int = 20) -> String {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
