package dev.stresslab.analytics.domain;

import java.util.List;

/**
 * Status and accuracy of one run. {@code completed} = prompts accounted for (scored or failed); the run is COMPLETE
 * when that equals {@code composed}.
 */
public record RunReport(String runId, String modelId, String benchmark, String status, long composed, long completed,
                        long scored, long failed, List<LevelReport> levels) {

    /**
     * One stress level. {@code accuracy} = correct / slots in percent (REST: correct answers over N × s slots,
     * all samples pooled, which equals the mean over samples); {@code ciLow}/{@code ciHigh} a 95% Wilson interval;
     * {@code dropFromLevel1} in percentage points (null without a level-1 result).
     */
    public record LevelReport(int level, long prompts, long expectedPrompts, long failedPrompts, long truncatedPrompts,
                              long slots, long correct, long omitted, double accuracy, double ciLow, double ciHigh,
                              Double dropFromLevel1) {
    }
}
