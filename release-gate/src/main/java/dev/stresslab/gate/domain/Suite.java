package dev.stresslab.gate.domain;

import dev.stresslab.contracts.GenerationSettings;

import java.util.List;
import java.util.Optional;

/**
 * A named, versioned evaluation suite: one stress run per benchmark, all with the same levels (null: REST's levels
 * for the benchmark), question subset ({@code limit} first questions, or {@code questionIds}), samples, generation
 * settings and system prompt. {@code endpoints}: the endpoint ids (patterns, {@code *} any run of characters) whose
 * deployments start it; {@code schedule}: a Quartz cron expression that re-evaluates {@code scheduledEndpoints}.
 */
public record Suite(String name, int version, String description, List<String> benchmarks, List<Integer> levels,
                    Integer limit, List<String> questionIds, Integer samples, GenerationSettings generation,
                    String systemPrompt, List<String> endpoints, Optional<String> schedule,
                    List<String> scheduledEndpoints, VerdictRule rule) {

    public Suite {
        if (benchmarks == null || benchmarks.isEmpty()) {
            throw new IllegalArgumentException("suite '" + name + "' names no benchmark");
        }
        benchmarks = List.copyOf(benchmarks);
        endpoints = List.copyOf(endpoints);
        scheduledEndpoints = List.copyOf(scheduledEndpoints);
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
