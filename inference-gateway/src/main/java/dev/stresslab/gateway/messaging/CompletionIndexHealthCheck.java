package dev.stresslab.gateway.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the idempotency index has read what stress.completions held at start: until then prompts are held
 * back, so a replica catching up should not count as serving (a KEDA or rollout step waits for it).
 */
@Readiness
@ApplicationScoped
public class CompletionIndexHealthCheck implements HealthCheck {
    private final CompletionIndex index;

    public CompletionIndexHealthCheck(CompletionIndex index) {
        this.index = index;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("completions-index").status(index.isReady())
                .withData("completedPromptsKnown", index.knownPrompts())
                .build();
    }
}
