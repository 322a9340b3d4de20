package dev.stresslab.coderunner.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.coderunner.domain.CodeTests;
import dev.stresslab.coderunner.domain.ExecOutcome;
import dev.stresslab.coderunner.domain.ExecResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one untrusted Python program against its tests, REST's way (the harness {@code lcb_harness.py}), inside
 * bubblewrap: no network (all namespaces unshared), a read-only root holding only /usr, a private /tmp, its own pid
 * namespace, an unprivileged uid per concurrent sandbox, rlimits on CPU time, address space, processes and file size
 * (prlimit), a wall-clock kill and a cap on the output read back. Without bubblewrap it refuses to run anything.
 * Thread-safe; at most {@code concurrency} programs run at once.
 */
public final class Sandbox implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * As root (the test machine, a privileged pod) each sandbox runs under its own uid. As an ordinary user (a
     * container's USER) the sandbox keeps that uid: RLIMIT_NPROC then counts the service's own threads too, so
     * programs cannot fork at all, which REST's guard forbids anyway ({@code os.fork = None}).
     */
    static final boolean RUNNING_AS_ROOT = "root".equals(System.getProperty("user.name"));

    private final SandboxLimits limits;
    private final Path harnessDir;
    private final BlockingQueue<Integer> uids;
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandbox-io");
        t.setDaemon(true);
        return t;
    });

    private Sandbox(SandboxLimits limits, Path harnessDir, int concurrency) {
        this.limits = limits;
        this.harnessDir = harnessDir;
        this.uids = new ArrayBlockingQueue<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            uids.add(limits.firstUid() + i);
        }
    }

    /**
     * A sandbox, after checking that bubblewrap, prlimit, setpriv and Python exist and that a trivial program runs
     * inside it. Throws {@link SandboxUnavailableException} with the reason otherwise.
     */
    public static Sandbox open(SandboxLimits limits, int concurrency) {
        String missing = unavailableReason(limits);
        if (missing != null) {
            throw new SandboxUnavailableException(missing);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("code-runner-harness");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path harness = dir.resolve("lcb_harness.py");
            try (InputStream in = Sandbox.class.getResourceAsStream("/sandbox/lcb_harness.py")) {
                Files.copy(in, harness);
            }
            Files.setPosixFilePermissions(harness, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Sandbox sandbox = new Sandbox(limits, dir, Math.max(1, concurrency));
        ExecResult probe = sandbox.run("print(input())", new CodeTests("probe", List.of("ok"), List.of("ok"), null));
        if (!probe.passed()) {
            sandbox.close();
            throw new SandboxUnavailableException("bubblewrap is installed but a trivial program failed in the sandbox ("
                    + probe.outcome() + ": " + probe.reason() + "); refusing to run code unsandboxed");
        }
        return sandbox;
    }

    /** Why the sandbox cannot run here, or null when its executables are present. */
    public static String unavailableReason(SandboxLimits limits) {
        if (!Files.isExecutable(limits.bwrap())) {
            return "bubblewrap not found at " + limits.bwrap() + " (apt-get install bubblewrap); code-runner never runs "
                    + "code unsandboxed, so it refuses to run any";
        }
        for (Path tool : List.of(Path.of("/usr/bin/prlimit"), Path.of("/usr/bin/setpriv"), limits.python())) {
            if (!Files.isExecutable(tool)) {
                return tool + " not found (needed inside the sandbox); refusing to run code";
            }
        }
        return null;
    }

    public SandboxLimits limits() {
        return limits;
    }

    /** Runs {@code code} against {@code tests}; an empty program is {@link ExecOutcome#NO_CODE} without running. */
    public ExecResult run(String code, CodeTests tests) {
        if (code == null || code.isEmpty()) {
            return new ExecResult(ExecOutcome.NO_CODE, "no code block for this slot", 0, 0);
        }
        int uid;
        try {
            uid = uids.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(ExecOutcome.INFRA_ERROR, "interrupted while waiting for a sandbox", 0, 0);
        }
        try {
            return runAs(uid, code, tests);
        } finally {
            uids.add(uid);
        }
    }

    List<String> command(int uid, int tests) {
        long cpu = limits.wallClockMillis(tests) / 1000;
        List<String> cmd = new ArrayList<>();
        if (RUNNING_AS_ROOT) {
            // root is exempt from RLIMIT_NPROC: drop to this sandbox's own uid first
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
        }
        cmd.addAll(List.of(
                limits.bwrap().toString(),
                "--unshare-all", "--die-with-parent", "--new-session",
                "--ro-bind", "/usr", "/usr",
                "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
                "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                "--ro-bind", harnessDir.resolve("lcb_harness.py").toString(), "/harness/lcb_harness.py",
                "--remount-ro", "/",
                "--chdir", "/tmp", "--clearenv", "--setenv", "PATH", "/usr/bin", "--setenv", "LC_ALL", "C.UTF-8",
                "--", "/usr/bin/prlimit",
                "--cpu=" + cpu, "--as=" + limits.addressSpaceBytes(), "--nproc=" + limits.maxProcesses(),
                "--fsize=" + limits.maxFileBytes(), "--core=0",
                limits.python().toString(), "-I", "/harness/lcb_harness.py"));
        return cmd;
    }

    private ExecResult runAs(int uid, String code, CodeTests tests) {
        String token = "@@verdict-" + HexFormat.of().formatHex(randomBytes()) + "@@";
        ObjectNode job = JSON.createObjectNode();
        job.put("token", token);
        job.put("code", code);
        job.set("inputs", JSON.valueToTree(tests.inputs()));
        job.set("outputs", JSON.valueToTree(tests.outputs()));
        job.put("fn_name", tests.fnName());
        job.put("timeout", limits.perTestSeconds());
        long wallLimit = limits.wallClockMillis(tests.size());
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command(uid, tests.size())).start();
        } catch (IOException e) {
            return new ExecResult(ExecOutcome.INFRA_ERROR, "could not start the sandbox: " + e.getMessage(), 0, 0);
        }
        AtomicBoolean overflow = new AtomicBoolean();
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(
                () -> readCapped(process.getInputStream(), limits.maxOutputBytes(), overflow, process), readers);
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(
                () -> readCapped(process.getErrorStream(), 64 * 1024, new AtomicBoolean(), null), readers);
        try (OutputStream in = process.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(job));
        } catch (IOException e) {
            // the process ended before reading its job; its exit status says why
        }
        boolean finished;
        try {
            finished = process.waitFor(wallLimit, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new ExecResult(ExecOutcome.INFRA_ERROR, "interrupted", 0, elapsed(start));
        }
        if (!finished) {
            process.destroyForcibly();
            awaitQuietly(process);
            return new ExecResult(ExecOutcome.TIME_LIMIT, "killed after the wall-clock limit of " + wallLimit / 1000
                    + " s", 0, elapsed(start));
        }
        byte[] out = stdout.join();
        String err = new String(stderr.join(), StandardCharsets.UTF_8);
        long wall = elapsed(start);
        if (overflow.get()) {
            return new ExecResult(ExecOutcome.RUNTIME_ERROR, "output exceeded " + limits.maxOutputBytes()
                    + " bytes; process killed", 0, wall);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        int at = text.lastIndexOf(token);
        if (at < 0) {
            return noVerdict(process.exitValue(), err, wall);
        }
        String line = text.substring(at + token.length()).strip();
        try {
            return verdict(JSON.readTree(line), wall);
        } catch (IOException e) {
            return new ExecResult(ExecOutcome.RUNTIME_ERROR, "unreadable verdict: " + e.getMessage(), 0, wall);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private ExecResult noVerdict(int exit, String stderr, long wall) {
        if (stderr.startsWith("bwrap:") || stderr.contains("\nbwrap:") || stderr.startsWith("setpriv:")
                || stderr.startsWith("prlimit:")) {
            return new ExecResult(ExecOutcome.INFRA_ERROR, "sandbox failed: " + firstLine(stderr), 0, wall);
        }
        // 128 + SIGXCPU (24) or + SIGKILL (9): the CPU-time rlimit (soft, then hard)
        if (exit == 128 + 24 || exit == 128 + 9) {
            return new ExecResult(ExecOutcome.TIME_LIMIT, "killed by the CPU-time limit (exit " + exit + ")", 0, wall);
        }
        return new ExecResult(ExecOutcome.RUNTIME_ERROR, "process ended (exit " + exit + ") without a verdict"
                + (stderr.isBlank() ? "" : ": " + lastLine(stderr)), 0, wall);
    }

    static ExecResult verdict(JsonNode node, long wall) {
        JsonNode result = node.path("result");
        JsonNode meta = node.path("metadata");
        int n = result.size();
        boolean allPassed = true;
        for (JsonNode r : result) {
            boolean positive = r.isBoolean() ? r.booleanValue() : r.asInt() > 0;
            allPassed &= positive;
        }
        int testsRun = n == 1 && result.get(0).isInt() && result.get(0).intValue() == -2 ? 0 : n;
        long cpu = node.has("cpu_seconds") ? Math.round(1000 * node.get("cpu_seconds").asDouble()) : -1;
        if (allPassed) {
            return new ExecResult(ExecOutcome.PASSED, "all " + n + " tests passed", testsRun, wall, cpu);
        }
        int code = meta.path("error_code").asInt(0);
        String message = meta.path("error_message").asText("");
        String error = meta.path("error").asText("");
        String reason = message + (error.isEmpty() ? "" : ": " + abbreviate(error, 300))
                + (testsRun > 0 ? " (test " + testsRun + ")" : "");
        ExecOutcome outcome = switch (code) {
            case -2 -> ExecOutcome.WRONG_ANSWER;
            case -3 -> ExecOutcome.TIME_LIMIT;
            default -> ExecOutcome.RUNTIME_ERROR;
        };
        return new ExecResult(outcome, reason, testsRun, wall, cpu);
    }

    private byte[] readCapped(InputStream in, int cap, AtomicBoolean overflow, Process toKill) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (in) {
            int r;
            while ((r = in.read(chunk)) >= 0) {
                if (buf.size() + r > cap) {
                    overflow.set(true);
                    if (toKill != null) {
                        toKill.destroyForcibly();
                    }
                    continue; // drain (discarding) until the killed process closes the pipe
                }
                buf.write(chunk, 0, r);
            }
        } catch (IOException e) {
            // the pipe closed because the process was killed
        }
        return buf.toByteArray();
    }

    private static void awaitQuietly(Process p) {
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String lastLine(String s) {
        String t = s.strip();
        int nl = t.lastIndexOf('\n');
        return abbreviate(nl < 0 ? t : t.substring(nl + 1), 300);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    @Override
    public void close() {
        readers.shutdownNow();
        try {
            Files.deleteIfExists(harnessDir.resolve("lcb_harness.py"));
            Files.deleteIfExists(harnessDir);
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
