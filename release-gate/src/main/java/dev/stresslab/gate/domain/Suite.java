package dev.stresslab.gate.domain;

import dev.stresslab.contracts.GenerationSettings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A named, versioned evaluation suite: one stress run per benchmark, all with the same levels (null: REST's levels
 * for the benchmark), question subset ({@code limit} first questions, or {@code questionIds}), samples, generation
 * settings and system prompt. {@code endpoints}: the endpoint ids (patterns, {@code *} any run of characters) whose
 * deployments start it; {@code schedule}: a Quartz cron expression that re-evaluates {@code scheduledEndpoints}.
 * {@code levelMaxDrop}: per-level checks, level to the points its accuracy may fall (empty: none);
 * {@code sequential}: the sequential mode's settings, null for the fixed-size verdict.
 */
public record Suite(String name, int version, String description, List<String> benchmarks, List<Integer> levels,
                    Integer limit, List<String> questionIds, Integer samples, GenerationSettings generation,
                    String systemPrompt, List<String> endpoints, Optional<String> schedule,
                    List<String> scheduledEndpoints, VerdictRule rule, Map<Integer, Double> levelMaxDrop,
                    Sequential sequential) {

    /**
     * Sequential mode: the verdict is re-evaluated round by round as paired results arrive, and the runs stop once it
     * is decided. {@code falseAlarm}: P(REGRESSION when the metric fell by no more than max-drop);
     * {@code missedRegression}: P(PASS when it fell by more); {@code orderSeed}: the prompt order's seed (null: one
     * drawn per run).
     */
    public record Sequential(double falseAlarm, double missedRegression, Long orderSeed) {
        public Sequential {
            for (double a : new double[]{falseAlarm, missedRegression}) {
                if (!(a > 0 && a < 0.5)) {
                    throw new IllegalArgumentException("a sequential error rate must be in (0, 0.5), was " + a);
                }
            }
        }
    }

    /** A fixed-size suite without per-level checks. */
    public Suite(String name, int version, String description, List<String> benchmarks, List<Integer> levels,
                 Integer limit, List<String> questionIds, Integer samples, GenerationSettings generation,
                 String systemPrompt, List<String> endpoints, Optional<String> schedule,
                 List<String> scheduledEndpoints, VerdictRule rule) {
        this(name, version, description, benchmarks, levels, limit, questionIds, samples, generation, systemPrompt,
                endpoints, schedule, scheduledEndpoints, rule, Map.of(), null);
    }

    public Suite {
        if (benchmarks == null || benchmarks.isEmpty()) {
            throw new IllegalArgumentException("suite '" + name + "' names no benchmark");
        }
        benchmarks = List.copyOf(benchmarks);
        endpoints = List.copyOf(endpoints);
        scheduledEndpoints = List.copyOf(scheduledEndpoints);
        levelMaxDrop = levelMaxDrop == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(levelMaxDrop));
        levelMaxDrop.forEach((level, drop) -> {
            if (drop < 0 || drop.isNaN()) {
                throw new IllegalArgumentException("suite '" + name + "': level-max-drop." + level + " must be >= 0, was " + drop);
            }
            if (levels != null && !levels.contains(level)) {
                throw new IllegalArgumentException("suite '" + name + "' checks level " + level + " but runs levels " + levels);
            }
        });
    }

    public boolean isSequential() {
        return sequential != null;
    }

    /** Whether a deployment of {@code endpointId} starts this suite. */
    public boolean runsOnDeploymentOf(String endpointId) {
        return endpoints.stream().anyMatch(p -> matches(p.strip(), endpointId));
    }

    static boolean matches(String pattern, String value) {
        String regex = String.join(".*", List.of(pattern.split("\\*", -1)).stream()
                .map(part -> part.isEmpty() ? "" : java.util.regex.Pattern.quote(part)).toList());
        return value.matches(regex);
    }
}
