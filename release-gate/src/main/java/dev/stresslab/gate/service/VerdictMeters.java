package dev.stresslab.gate.service;

import dev.stresslab.gate.domain.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code stresslab_verdict{suite,model,endpoint}}: the latest verdict per suite and deployment (1 pass, 0 inconclusive,
 * -1 regression), and {@code stresslab_verdicts_total{outcome}}. The labels come from deployments that passed the
 * gate's checks (a suite from configuration, a deployed endpoint), so they grow with deployments, not with prompts.
 */
@ApplicationScoped
public class VerdictMeters {
    private final MeterRegistry registry;
    private final Map<Tags, AtomicInteger> latest = new ConcurrentHashMap<>();
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Counter refused;

    public VerdictMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Verdict v : Verdict.values()) {
            outcomes.put(v.name(), counter(v.name()));
        }
        outcomes.put("ERROR", counter("ERROR"));
        this.refused = Counter.builder("stresslab.gate.deployments.refused")
                .description("deployment events and webhooks refused (base URL outside the allow-list, bad event)")
                .register(registry);
    }

    private Counter counter(String outcome) {
        return Counter.builder("stresslab.verdicts").description("verdicts given, by outcome (ERROR: no verdict possible)")
                .tag("outcome", outcome).register(registry);
    }

    /** The gauge's value without counting a new verdict (restored from the database at start). */
    public void show(String suite, String model, String endpoint, Verdict verdict) {
        Tags tags = Tags.of("suite", suite, "model", model == null ? endpoint : model, "endpoint", endpoint);
        latest.computeIfAbsent(tags, t -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("stresslab.verdict", value, AtomicInteger::get)
                    .description("latest verdict of the suite on the deployment: 1 pass, 0 inconclusive, -1 regression")
                    .tags(t).register(registry);
            return value;
        }).set(verdict.gaugeValue);
    }

    public void record(String suite, String model, String endpoint, Verdict verdict) {
        show(suite, model, endpoint, verdict);
        outcomes.get(verdict.name()).increment();
    }

    public void error() {
        outcomes.get("ERROR").increment();
    }

    public void refused() {
        refused.increment();
    }
}
