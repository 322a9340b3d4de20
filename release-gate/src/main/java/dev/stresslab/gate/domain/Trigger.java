package dev.stresslab.gate.domain;

/**
 * What asks for an evaluation. {@code key} makes it idempotent: one evaluation per (key, suite).
 * {@code baselineRunId}: a named reference run to compare with instead of the promoted baseline (single-benchmark
 * suites); {@code baseUrl}: a server to register in the gateway first (allow-listed).
 */
public record Trigger(Kind kind, String key, String endpointId, String modelName, String lineage, String baseUrl,
                      String baselineRunId) {

    public enum Kind { DEPLOYMENT, WEBHOOK, SCHEDULE, API }
}
