package dev.stresslab.coderunner.sandbox;

import java.nio.file.Path;

/**
 * The executables and limits of the sandbox. The wall-clock limit of one program is REST's global kill,
 * {@code (perTestSeconds + 1) * tests + 5} seconds; CPU time is capped at the same figure.
 *
 * @param bwrap             bubblewrap's path (Debian package {@code bubblewrap})
 * @param python            the machine's CPython 3 (bound read-only with the rest of /usr)
 * @param perTestSeconds    REST's {@code timeout = 6}: one alarm for loading the program and one per test
 * @param addressSpaceBytes RLIMIT_AS (REST sets none; a bound keeps one program from taking the node's memory)
 * @param maxProcesses      RLIMIT_NPROC for the sandbox's own uid (each concurrent sandbox runs under its own uid)
 * @param maxFileBytes      RLIMIT_FSIZE: largest file a program may write (only its private /tmp is writable)
 * @param maxOutputBytes    what is read back from the process; more kills it
 * @param firstUid          sandboxes run as uids firstUid .. firstUid + concurrency - 1 (never root: RLIMIT_NPROC
 *                          does not apply to root)
 */
public record SandboxLimits(Path bwrap, Path python, int perTestSeconds, long addressSpaceBytes, int maxProcesses,
                            long maxFileBytes, int maxOutputBytes, int firstUid) {

    public static SandboxLimits defaults() {
        return new SandboxLimits(Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/python3"), 6, 1L << 30, 64,
                16L << 20, 1 << 20, 60000);
    }

    public SandboxLimits withPerTestSeconds(int seconds) {
        return new SandboxLimits(bwrap, python, seconds, addressSpaceBytes, maxProcesses, maxFileBytes, maxOutputBytes, firstUid);
    }

    /** REST's kill after {@code (timeout + 1) * n + 5} seconds for a program with n tests. */
    public long wallClockMillis(int tests) {
        return ((long) (perTestSeconds + 1) * tests + 5) * 1000L;
    }
}
