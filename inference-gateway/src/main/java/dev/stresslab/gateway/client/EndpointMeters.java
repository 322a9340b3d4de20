package dev.stresslab.gateway.client;

import dev.stresslab.gateway.domain.FailureKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * One endpoint's timers and counters, registered once: looking a meter up by name and tags on every call showed in
 * the zero-latency profile. Labels stay bounded: the endpoint id (from configuration) and fixed words.
 */
final class EndpointMeters {
    final Timer promptOk;
    final Timer promptFailed;
    final Timer callOk;
    final Timer callFailed;
    final Timer timeToFirstToken;
    final Counter retries;
    final Counter circuitRefusals;
    private final Map<FailureKind, Counter> failures = new EnumMap<>(FailureKind.class);

    EndpointMeters(MeterRegistry registry, String endpointId) {
        promptOk = timer(registry, "stresslab.gateway.prompt.latency", endpointId, "ok");
        promptFailed = timer(registry, "stresslab.gateway.prompt.latency", endpointId, "failed");
        callOk = timer(registry, "stresslab.gateway.call.latency", endpointId, "ok");
        callFailed = timer(registry, "stresslab.gateway.call.latency", endpointId, "failed");
        timeToFirstToken = timer(registry, "stresslab.gateway.time.to.first.token", endpointId, null);
        retries = registry.counter("stresslab.gateway.call.retries", "endpoint", endpointId);
        circuitRefusals = registry.counter("stresslab.gateway.circuit.refusals", "endpoint", endpointId);
        for (FailureKind kind : FailureKind.values()) {
            failures.put(kind, registry.counter("stresslab.gateway.call.failures", "endpoint", endpointId, "kind", kind.name()));
        }
    }

    Counter failures(FailureKind kind) {
        return failures.get(kind);
    }

    private static Timer timer(MeterRegistry registry, String name, String endpointId, String outcome) {
        Timer.Builder b = Timer.builder(name).tag("endpoint", endpointId).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(30));
        if (outcome != null) {
            b.tag("outcome", outcome);
        }
        return b.register(registry);
    }
}
