package dev.stresslab.coderunner.health;

import dev.stresslab.coderunner.config.SandboxProducer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says whether the sandbox runs programs, and why not (e.g. bubblewrap missing). The service stays ready either way:
 * without a sandbox it still takes every job and records it as a FAILED score with that reason, so runs complete
 * (and a stack that runs only math benchmarks does not need bubblewrap).
 */
@Readiness
@ApplicationScoped
public class SandboxHealthCheck implements HealthCheck {
    private final SandboxProducer sandboxes;

    public SandboxHealthCheck(SandboxProducer sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = sandboxes.sandbox().isPresent();
        return HealthCheckResponse.named("sandbox").up()
                .withData("reason", up ? "bubblewrap sandbox ready" : sandboxes.unavailableReason()).build();
    }
}
