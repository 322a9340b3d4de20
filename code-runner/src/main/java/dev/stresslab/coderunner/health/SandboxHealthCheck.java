package dev.stresslab.coderunner.health;

import dev.stresslab.coderunner.config.SandboxProducer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the sandbox runs programs; otherwise down with the reason (e.g. bubblewrap missing). */
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
        return HealthCheckResponse.named("sandbox").status(up)
                .withData("reason", up ? "bubblewrap sandbox ready" : sandboxes.unavailableReason()).build();
    }
}
