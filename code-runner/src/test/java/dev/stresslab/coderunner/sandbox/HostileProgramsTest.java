package dev.stresslab.coderunner.sandbox;

import dev.stresslab.coderunner.domain.CodeTests;
import dev.stresslab.coderunner.domain.ExecOutcome;
import dev.stresslab.coderunner.domain.ExecResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hostile programs in the real sandbox: each is contained (the host, the JVM and the next program are unaffected) and
 * its verdict says why it failed. The tests use a 1 s per-test alarm instead of REST's 6 s to stay fast. They bypass
 * REST's in-process guard ({@code os.fork = None} ...) through the {@code posix} module, so what stops them is the
 * sandbox. Skipped, saying why, only where bubblewrap is absent (CI installs it).
 */
class HostileProgramsTest {
    private static final CodeTests ECHO = new CodeTests("echo", List.of("ok\n"), List.of("ok\n"), null);
    private static Sandbox sandbox;

    @BeforeAll
    static void open() {
        String reason = Sandbox.unavailableReason(SandboxLimits.defaults());
        assumeTrue(reason == null, () -> "skipped: " + reason);
        sandbox = Sandbox.open(SandboxLimits.defaults().withPerTestSeconds(1), 2);
    }

    @AfterAll
    static void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static ExecResult run(String code) {
        return sandbox.run(code, ECHO);
    }

    private static void assertSandboxStillWorks() {
        assertEquals(ExecOutcome.PASSED, run("print(input())").outcome(), "the next program runs normally");
        // the pid namespace's processes die with its init, asynchronously: allow the kernel a moment
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (processesOfSandboxUids() > 0 && System.nanoTime() < deadline) {
            sleep(50);
        }
        assertEquals(0, processesOfSandboxUids(), "nothing the program started is left running");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Processes on the host owned by the sandboxes' uids. */
    private static long processesOfSandboxUids() {
        int first = SandboxLimits.defaults().firstUid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
                try {
                    return Files.readAllLines(p.resolve("status")).stream().filter(l -> l.startsWith("Uid:"))
                            .map(l -> Integer.parseInt(l.split("\\s+")[1]))
                            .anyMatch(uid -> uid >= first && uid < first + 2);
                } catch (IOException | RuntimeException e) {
                    return false; // the process ended meanwhile
                }
            }).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void forkBombIsStoppedByTheProcessLimit() {
        long start = System.nanoTime();
        ExecResult r = run("import posix\nwhile True:\n    posix.fork()");
        assertEquals(ExecOutcome.RUNTIME_ERROR, r.outcome(), r.toString());
        assertTrue(r.reason().contains("BlockingIOError") && r.reason().contains("Resource temporarily unavailable"),
                r.reason());
        assertTrue((System.nanoTime() - start) / 1_000_000_000 < 15, "contained within seconds");
        assertSandboxStillWorks();
    }

    @Test
    void noNetworkEvenToTheHostsLoopback() throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            server.setSoTimeout(200);
            ExecResult r = run("import socket\nsocket.create_connection(('127.0.0.1', " + server.getLocalPort()
                    + "), timeout=2)\nprint('ok')");
            assertEquals(ExecOutcome.RUNTIME_ERROR, r.outcome(), r.toString());
            assertTrue(r.reason().contains("ConnectionRefusedError") || r.reason().contains("unreachable"), r.reason());
            assertThrowsTimeout(server);
            ExecResult dns = run("import socket\nsocket.create_connection(('1.1.1.1', 53), timeout=2)\nprint('ok')");
            assertEquals(ExecOutcome.RUNTIME_ERROR, dns.outcome());
            assertTrue(dns.reason().contains("Network is unreachable"), dns.reason());
        }
        assertSandboxStillWorks();
    }

    private static void assertThrowsTimeout(ServerSocket server) throws IOException {
        try {
            server.accept().close();
            throw new AssertionError("the sandboxed program reached the host's port");
        } catch (SocketTimeoutException expected) {
            // nobody connected
        }
    }

    @Test
    void filesOutsideTheSandboxCannotBeRead(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "ok\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        ExecResult r = run("print(open(" + pythonString(secret.toString()) + ").read().strip())");
        assertEquals(ExecOutcome.RUNTIME_ERROR, r.outcome(), r.toString());
        assertTrue(r.reason().contains("FileNotFoundError"), r.reason());
        ExecResult passwd = run("print(open('/etc/passwd').read())");
        assertTrue(passwd.reason().contains("FileNotFoundError"), passwd.reason());
        ExecResult home = run("import posix\nprint(posix.listdir('/root'))");
        assertTrue(home.reason().contains("FileNotFoundError"), home.reason());
        assertSandboxStillWorks();
    }

    @Test
    void onlyThePrivateTmpIsWritable() {
        Path escaped = Path.of("/usr/stress-lab-escape");
        ExecResult usr = run("open('/usr/stress-lab-escape', 'w').write('x')\nprint('ok')");
        assertEquals(ExecOutcome.RUNTIME_ERROR, usr.outcome());
        assertTrue(usr.reason().contains("Read-only file system"), usr.reason());
        ExecResult root = run("open('/escape', 'w').write('x')\nprint('ok')");
        assertTrue(root.reason().contains("Read-only file system"), root.reason());
        assertFalse(Files.exists(escaped));
        ExecResult tmp = run("open('/tmp/scratch', 'w').write('ok')\nprint(open('/tmp/scratch').read())");
        assertEquals(ExecOutcome.PASSED, tmp.outcome(), tmp.toString());
        ExecResult big = run("f = open('/tmp/big', 'wb')\nf.write(b'x' * (64 << 20))\nf.close()\nprint('ok')");
        assertEquals(ExecOutcome.RUNTIME_ERROR, big.outcome(), big.toString());
        assertTrue(big.reason().contains("File too large") || big.reason().contains("without a verdict"), big.reason());
        assertSandboxStillWorks();
    }

    @Test
    void infiniteLoopEndsAtTheAlarmAndOneIgnoringItAtTheWallClock() {
        ExecResult loop = run("while True:\n    pass");
        assertEquals(ExecOutcome.TIME_LIMIT, loop.outcome(), loop.toString());
        assertTrue(loop.reason().contains("Time Limit Exceeded"), loop.reason());
        ExecResult stubborn = run("import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass");
        assertEquals(ExecOutcome.TIME_LIMIT, stubborn.outcome(), stubborn.toString());
        assertTrue(stubborn.reason().contains("wall-clock") || stubborn.reason().contains("CPU-time"), stubborn.reason());
        assertTrue(stubborn.wallMillis() < sandbox.limits().wallClockMillis(1) + 3000, stubborn.toString());
        assertSandboxStillWorks();
    }

    @Test
    void aGigabyteOfOutputIsCutOff() {
        ExecResult direct = run("import os\nchunk = b'x' * 65536\nfor _ in range(16384):\n    os.write(1, chunk)");
        assertEquals(ExecOutcome.RUNTIME_ERROR, direct.outcome(), direct.toString());
        assertTrue(direct.reason().contains("output exceeded"), direct.reason());
        ExecResult printed = run("print('x' * (1 << 30))");
        assertEquals(ExecOutcome.RUNTIME_ERROR, printed.outcome(), printed.toString());
        assertTrue(printed.reason().contains("MemoryError"), printed.reason());
        assertSandboxStillWorks();
    }

    @Test
    void killingTheParentOrEveryoneReachesNothingOutside() {
        AtomicInteger before = new AtomicInteger((int) ProcessHandle.current().pid());
        ExecResult r = run("import posix, signal\nposix.kill(posix.getppid(), signal.SIGKILL)\n"
                + "try:\n    posix.kill(-1, signal.SIGKILL)\nexcept ProcessLookupError:\n    pass\n"
                + "print(posix.getppid() == 1 and 'ok')");
        // the parent is the sandbox's own init (pid 1 of its pid namespace); the JVM is not even visible
        assertEquals(ExecOutcome.PASSED, r.outcome(), "the kills reach nothing, so the program goes on: " + r);
        ExecResult guarded = run("import os\nos.kill(os.getppid(), 9)\nprint('ok')");
        assertEquals(ExecOutcome.RUNTIME_ERROR, guarded.outcome());
        assertTrue(guarded.reason().contains("'NoneType' object is not callable"), guarded.reason());
        assertEquals(before.get(), ProcessHandle.current().pid());
        assertSandboxStillWorks();
    }

    @Test
    void withoutBubblewrapNothingRuns() {
        SandboxLimits missing = new SandboxLimits(Path.of("/nonexistent/bwrap"), Path.of("/usr/bin/python3"), 6,
                1L << 30, 64, 1 << 20, 1 << 20, 60000);
        SandboxUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(SandboxUnavailableException.class,
                () -> Sandbox.open(missing, 1));
        assertTrue(e.getMessage().contains("bubblewrap") && e.getMessage().contains("never runs code unsandboxed"),
                e.getMessage());
    }

    static String pythonString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
