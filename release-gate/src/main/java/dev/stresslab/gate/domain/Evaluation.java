package dev.stresslab.gate.domain;

import java.time.Instant;
import java.util.List;

/**
 * One evaluation of a deployment by a suite. {@code status}: RUNNING (runs under way), DECIDED (verdict set), REFUSED
 * (nothing ran: e.g. a base URL outside the allow-list), ERROR (a run could not be started or was aborted).
 */
public record Evaluation(String evaluationId, String suite, int suiteVersion, String trigger, String endpointId,
                         String modelName, String lineage, String baseUrl, String baselineRunId, String status,
                         Verdict verdict, String reason, Instant createdAt, Instant decidedAt, List<Run> runs) {

    /**
     * One benchmark's run and, once complete, its comparison with the baseline run (points, candidate - base).
     * Status: STARTING, RUNNING, COMPLETE, ABORTED, ERROR; in sequential mode also STOPPING (decided, the rest
     * cancelled, waiting until every prompt is accounted for) and STOPPED_EARLY. {@code promptsUsed}: the prompts
     * the sequential verdict read (null in fixed mode: all); {@code promptsCompleted}/{@code promptsCancelled}: as
     * analytics counted them once the run ended; {@code checks}: the per-level checks.
     */
    public record Run(String benchmark, String runId, Integer promptCount, String status, String baselineRunId,
                      String metric, Double base, Double candidate, Double difference, Double ciLow, Double ciHigh,
                      Double pValue, Integer questions, Verdict verdict, String reason, List<Integer> levels,
                      Integer questionCount, Integer samples, Long orderSeed, Integer promptsUsed,
                      Integer promptsCompleted, Integer promptsCancelled, List<CheckResult> checks) {

        public boolean ended() {
            return "COMPLETE".equals(status) || "STOPPED_EARLY".equals(status);
        }
    }
}
