package dev.stresslab.analytics.persistence;

/**
 * What a run's computed report depends on, read with one cheap query: results are only ever inserted (idempotent on
 * the prompt id, never updated or deleted), and the run row changes only with its lifecycle state, so the count of
 * stored prompt results together with the state and composed prompt count changes whenever any number of the report
 * can. It keys the cached reports (service.ReportService).
 *
 * @param state       the run's lifecycle state (RunEvent.Type name), null while only results are stored
 * @param promptCount prompts composed (0 before the run's COMPOSED event)
 * @param results     prompt results stored (scored or failed)
 */
public record RunVersion(String runId, String state, long promptCount, long results) {

    /** A run exists when its lifecycle event or any of its results has been stored. */
    public boolean exists() {
        return state != null || results > 0;
    }

    /** Every composed prompt ended and the run was not aborted: its numbers will not change again. */
    public boolean complete() {
        return isComplete(state, promptCount, results);
    }

    /**
     * No stored result can arrive that the lifecycle does not already account for: complete, every prompt of a
     * cancelled run ended (completed or never called), or aborted. A settled run's report is always read exact.
     */
    public boolean settled() {
        return complete() || "ABORTED".equals(state)
                || ("CANCELLED".equals(state) && promptCount > 0 && results >= promptCount);
    }

    /** The one rule for "complete". */
    public static boolean isComplete(String state, long promptCount, long results) {
        return "COMPOSED".equals(state) && promptCount > 0 && results >= promptCount;
    }
}
