package dev.stresslab.composer.api;

import java.util.List;

/** Response of POST /runs once every prompt has been acknowledged by Kafka. */
public record RunAccepted(String runId, String modelId, String benchmark, List<Integer> levels, int questionCount,
                          int samples, int promptCount) {
}
