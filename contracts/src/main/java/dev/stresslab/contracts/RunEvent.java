package dev.stresslab.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Run lifecycle (topic stress.runs, key = runId). COMPOSED is sent once every prompt of the run has been
 * acknowledged by the broker; {@code promptCount} is what "complete" is measured against.
 */
public record RunEvent(
        int schemaVersion,
        Type type,
        String runId,
        String modelId,
        String benchmark,
        List<Integer> levels,
        int questionCount,
        int samples,
        int promptCount,
        Instant at) {

    public static final int SCHEMA_VERSION = 1;

    public enum Type { COMPOSED }
}
