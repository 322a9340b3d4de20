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

    /** One benchmark's run and, once complete, its comparison with the baseline run (points, candidate - base). */
    public record Run(String benchmark, String runId, Integer promptCount, String status, String baselineRunId,
                      String metric, Double base, Double candidate, Double difference, Double ciLow, Double ciHigh,
                      Double pValue, Integer questions, Verdict verdict, String reason) {
    }
}
