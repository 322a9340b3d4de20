package dev.stresslab.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The release gate's decision on one evaluation (topic stress.verdicts, key = evaluationId).
 * {@code verdict}: PASS, REGRESSION or INCONCLUSIVE ({@code reason} says why when inconclusive); one {@link RunVerdict}
 * per benchmark of the suite. Differences are in percentage points, candidate minus baseline.
 */
public record VerdictEvent(
        int schemaVersion,
        String evaluationId,
        String suite,
        int suiteVersion,
        String endpointId,
        String modelName,
        String lineage,
        String trigger,
        String verdict,
        String reason,
        List<RunVerdict> runs,
        Instant at) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * One benchmark's comparison: the gated metric's difference and its interval, and the per-benchmark verdict.
     * Added later, optional (null from older gates): {@code checks}, the per-level checks; {@code promptsUsed}, the
     * prompts a sequential verdict read (null: all); {@code promptsCancelled}, prompts never called after an early stop.
     */
    public record RunVerdict(String benchmark, String runId, String baselineRunId, String metric, Double difference,
                             Double ciLow, Double ciHigh, Double pValue, String verdict, String reason,
                             List<LevelCheck> checks, Integer promptsUsed, Integer promptsCancelled) {

        public RunVerdict(String benchmark, String runId, String baselineRunId, String metric, Double difference,
                          Double ciLow, Double ciHigh, Double pValue, String verdict, String reason) {
            this(benchmark, runId, baselineRunId, metric, difference, ciLow, ciHigh, pValue, verdict, reason, null, null, null);
        }
    }

    /** A per-level check: the level's accuracy may fall by at most {@code maxDrop} points; its difference and verdict. */
    public record LevelCheck(int level, Double difference, Double ciLow, Double ciHigh, double maxDrop, String verdict) {
    }
}
