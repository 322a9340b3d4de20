package dev.stresslab.analytics.domain;

import java.util.List;

/**
 * Status and accuracy of one run. {@code completed} = prompts accounted for (scored or failed); the run is COMPLETE
 * when that equals {@code composed}. Status: COMPOSING (prompts still going out), RUNNING, COMPLETE, or ABORTED (the
 * composer could never publish the whole run; {@code statusReason} says why). COMPLETE and ABORTED are terminal.
 * A cancelled run (the release gate's early stop) is STOPPING until every prompt is accounted for, completed or
 * {@code cancelled} (never called: in no count of completed, failed or slots), then STOPPED_EARLY, also terminal.
 */
public record RunReport(String runId, String modelId, String benchmark, String status, long composed, long completed,
                        long scored, long failed, List<LevelReport> levels, UsageReport usage, String statusReason,
                        Headline headline, long cancelled) {

    public RunReport(String runId, String modelId, String benchmark, String status, long composed, long completed,
                     long scored, long failed, List<LevelReport> levels, UsageReport usage, String statusReason,
                     Headline headline) {
        this(runId, modelId, benchmark, status, composed, completed, scored, failed, levels, usage, statusReason, headline, 0);
    }

    /** The same report with other level rows and the headline numbers. */
    public RunReport with(List<LevelReport> levels, Headline headline) {
        return new RunReport(runId, modelId, benchmark, status, composed, completed, scored, failed, levels, usage,
                statusReason, headline, cancelled);
    }

    /**
     * This report of a run whose lifecycle says CANCELLED, with its {@code cancelledPrompts}: STOPPED_EARLY once every
     * composed prompt is completed or cancelled (COMPLETE when the cancellation came after the last call), STOPPING
     * before that.
     */
    public RunReport cancelled(long cancelledPrompts, String reason) {
        String s = completed + cancelledPrompts < composed ? "STOPPING" : cancelledPrompts == 0 ? "COMPLETE" : "STOPPED_EARLY";
        return new RunReport(runId, modelId, benchmark, s, composed, completed, scored, failed, levels, usage, reason,
                headline, cancelledPrompts);
    }

    /** This report under the lifecycle step the composer reported (RunEvent.Type name; null when none arrived yet). */
    public RunReport inLifecycle(String state, String reason) {
        if ("ABORTED".equals(state)) {
            return new RunReport(runId, modelId, benchmark, "ABORTED", composed, completed, scored, failed, levels, usage, reason, headline);
        }
        if ("PUBLISHING".equals(state) && !"COMPLETE".equals(status)) {
            return new RunReport(runId, modelId, benchmark, "COMPOSING", composed, completed, scored, failed, levels, usage, null, headline);
        }
        return this;
    }

    /**
     * One stress level. {@code accuracy} = correct / slots in percent (REST: correct answers over N × s slots,
     * all samples pooled, which equals the mean over samples); {@code ciLow}/{@code ciHigh} its two-way clustered 95 %
     * interval (question and output clusters, {@link ClusteredEstimate}), null until the slots were read;
     * {@code dropFromLevel1} in percentage points (null without a level-1 result); {@code omissionRate} = omitted /
     * slots and {@code truncationRate} = truncated prompts / prompts, both in percent (null when the denominator is
     * 0); token sums over the prompts whose usage was reported.
     */
    public record LevelReport(int level, long prompts, long expectedPrompts, long failedPrompts, long truncatedPrompts,
                              long slots, long correct, long omitted, double accuracy, Double ciLow, Double ciHigh,
                              Double dropFromLevel1, Double omissionRate, Double truncationRate, long promptTokens,
                              long completionTokens, long reasoningTokens, Double meanCompletionTokens, Double cost) {

        LevelReport withInterval(double low, double high) {
            return new LevelReport(level, prompts, expectedPrompts, failedPrompts, truncatedPrompts, slots, correct,
                    omitted, accuracy, low, high, dropFromLevel1, omissionRate, truncationRate, promptTokens,
                    completionTokens, reasoningTokens, meanCompletionTokens, cost);
        }
    }

    /**
     * Token usage of the whole run, over {@code usagePrompts} prompts that reported it, and its cost when a price is
     * configured for the model ({@code analytics.prices.<model>.prompt/completion}, per 1M tokens); null otherwise.
     */
    public record UsageReport(long promptTokens, long completionTokens, long reasoningTokens, long usagePrompts,
                              Double pricePromptPerMillion, Double priceCompletionPerMillion, Double cost) {
    }
}
