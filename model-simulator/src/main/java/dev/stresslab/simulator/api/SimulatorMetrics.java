package dev.stresslab.simulator.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import dev.stresslab.simulator.config.SimulatorRuntime;
import dev.stresslab.simulator.domain.CapacityGate;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code simulator_requests_total{model,endpoint,outcome}} and {@code simulator_completion_tokens{model}}. Labels are
 * bounded: model is a configured id or "unknown", outcome one of ok, length, bad_request and the fault names.
 */
@ApplicationScoped
public class SimulatorMetrics {
    private final MeterRegistry registry;

    public SimulatorMetrics(MeterRegistry registry, SimulatorRuntime runtime) {
        this.registry = registry;
        Gauge.builder("simulator.capacity.active", runtime.capacity(), CapacityGate::active)
                .description("requests holding one of the capacity.max-concurrent slots (0 when unlimited)").register(registry);
        Gauge.builder("simulator.capacity.queued", runtime.capacity(), CapacityGate::queued)
                .description("requests waiting for a slot (capacity.overflow=queue)").register(registry);
    }

    public void request(String model, Endpoint endpoint, String outcome) {
        Counter.builder("simulator.requests")
                .description("Requests by model, endpoint and outcome")
                .tag("model", model).tag("endpoint", endpoint.label()).tag("outcome", outcome)
                .register(registry).increment();
    }

    public void completionTokens(String model, int tokens) {
        DistributionSummary.builder("simulator.completion.tokens")
                .description("Reported completion tokens per response")
                .baseUnit("tokens").tag("model", model)
                .register(registry).record(tokens);
    }
}
