package dev.stresslab.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Run lifecycle (topic stress.runs, key = runId).
 * <ul>
 *   <li>PUBLISHING is sent before the first prompt, with the run's {@link RunSpec} and the number of prompts
 *   planned: a composer that dies while publishing finds it on restart and finishes the run (or aborts it).</li>
 *   <li>COMPOSED is sent once every prompt of the run has been acknowledged by the broker; {@code promptCount} is what
 *   "complete" is measured against.</li>
 *   <li>ABORTED says the run will never be fully published, with the {@code reason}; it is terminal.</li>
 *   <li>CANCELLED (sent by the release gate once its sequential verdict is decided) says the run's remaining prompts
 *   are not to be called, with the {@code reason}: the gateway skips them and records each as cancelled, so the run
 *   still ends with every prompt accounted for. Readers older than it read the event as unreadable and skip it.</li>
 * </ul>
 * {@code spec} and {@code reason} were added in schema 1 as optional fields (null on COMPOSED).
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
        Instant at,
        RunSpec spec,
        String reason) {

    public static final int SCHEMA_VERSION = 1;

    public enum Type { PUBLISHING, COMPOSED, ABORTED, CANCELLED }

    /** A COMPOSED-style event without spec or reason. */
    public RunEvent(int schemaVersion, Type type, String runId, String modelId, String benchmark, List<Integer> levels,
                    int questionCount, int samples, int promptCount, Instant at) {
        this(schemaVersion, type, runId, modelId, benchmark, levels, questionCount, samples, promptCount, at, null, null);
    }

    /** The same run, another step of its lifecycle. */
    public RunEvent as(Type next, String why) {
        return new RunEvent(schemaVersion, next, runId, modelId, benchmark, levels, questionCount, samples, promptCount,
                Instant.now(), next == Type.PUBLISHING ? spec : null, why);
    }
}
