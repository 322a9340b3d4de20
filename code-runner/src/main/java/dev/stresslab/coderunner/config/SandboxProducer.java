package dev.stresslab.coderunner.config;

import dev.stresslab.coderunner.sandbox.Sandbox;
import dev.stresslab.coderunner.sandbox.SandboxLimits;
import dev.stresslab.coderunner.sandbox.SandboxUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the sandbox once. When it cannot run here (no bubblewrap), code-runner never runs code: every job ends as a
 * FAILED score saying why, and the readiness check is down with the same reason.
 */
@ApplicationScoped
public class SandboxProducer {
    private static final Logger LOG = Logger.getLogger(SandboxProducer.class);
    private final CodeRunnerConfig config;
    private Sandbox sandbox;
    private String unavailable;
    private boolean opened;

    public SandboxProducer(CodeRunnerConfig config) {
        this.config = config;
    }

    public int concurrency() {
        return config.concurrency() > 0 ? config.concurrency() : Runtime.getRuntime().availableProcessors();
    }

    public SandboxLimits limits() {
        return new SandboxLimits(Path.of(config.bwrap()), Path.of(config.python()), config.perTestSeconds(),
                config.addressSpaceBytes(), config.maxProcesses(), config.maxFileBytes(), config.maxOutputBytes(),
                config.firstUid());
    }

    /** The sandbox, or empty with {@link #unavailableReason()} set. */
    public synchronized Optional<Sandbox> sandbox() {
        if (!opened) {
            opened = true;
            try {
                sandbox = Sandbox.open(limits(), concurrency());
                LOG.infof("sandbox ready: bubblewrap, %d programs at once, %d s per test", concurrency(), config.perTestSeconds());
            } catch (SandboxUnavailableException e) {
                unavailable = e.getMessage();
                LOG.error("code-runner will not run code: " + unavailable);
            }
        }
        return Optional.ofNullable(sandbox);
    }

    public synchronized String unavailableReason() {
        return unavailable;
    }

    @PreDestroy
    synchronized void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
