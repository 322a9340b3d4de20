package dev.stresslab.simulator.api;

import dev.stresslab.simulator.config.SimulatorRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once profiles and the question bank are loaded (an empty bank is allowed: every answer is then wrong). */
@Readiness
@ApplicationScoped
public class SimulatorHealthCheck implements HealthCheck {
    private final SimulatorRuntime runtime;

    public SimulatorHealthCheck(SimulatorRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model-simulator").up()
                .withData("models", String.join(",", runtime.profiles().keySet()))
                .withData("knownQuestions", runtime.simulator().bank().size())
                .build();
    }
}
