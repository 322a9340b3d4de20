package dev.stresslab.gateway.domain;

import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The prompt ids whose completion has been produced, grouped by run, with bounded memory: a run's ids are dropped
 * when the run has not been touched for {@code retention}, and at most {@code maxRuns} runs are kept (the least
 * recently touched go first). Lookups and inserts are O(1). Thread-safe.
 * <p>
 * Prompt ids are {@code <runId>/...}; only the part after the run id is stored, since the run is the map key.
 */
public final class CompletedPrompts {
    private static final class Run {
        final Set<String> ids = new HashSet<>();
        long lastTouchedMs;
    }

    private final long retentionMs;
    private final int maxRuns;
    private final LinkedHashMap<String, Run> runs;
    private long size;

    public CompletedPrompts(Duration retention, int maxRuns) {
        if (maxRuns < 1) {
            throw new IllegalArgumentException("maxRuns must be at least 1");
        }
        this.retentionMs = retention.toMillis();
        this.maxRuns = maxRuns;
        this.runs = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Run> eldest) {
                if (super.size() > CompletedPrompts.this.maxRuns) {
                    size -= eldest.getValue().ids.size();
                    return true;
                }
                return false;
            }
        };
    }

    public synchronized boolean contains(String runId, String promptId) {
        Run run = runs.get(runId);
        return run != null && run.ids.contains(local(runId, promptId));
    }

    /** Records a produced completion; {@code atMs} is when it was produced (the record's timestamp). */
    public synchronized boolean add(String runId, String promptId, long atMs) {
        Run run = runs.computeIfAbsent(runId, k -> new Run());
        run.lastTouchedMs = Math.max(run.lastTouchedMs, atMs);
        boolean added = run.ids.add(local(runId, promptId));
        if (added) {
            size++;
        }
        return added;
    }

    /** Forgets runs not touched since {@code nowMs - retention}; returns how many runs were dropped. */
    public synchronized int evict(long nowMs) {
        int dropped = 0;
        for (Iterator<Run> it = runs.values().iterator(); it.hasNext(); ) {
            Run run = it.next();
            if (run.lastTouchedMs < nowMs - retentionMs) {
                size -= run.ids.size();
                it.remove();
                dropped++;
            }
        }
        return dropped;
    }

    public synchronized int runs() {
        return runs.size();
    }

    public synchronized long size() {
        return size;
    }

    private static String local(String runId, String promptId) {
        return promptId.length() > runId.length() && promptId.startsWith(runId) && promptId.charAt(runId.length()) == '/'
                ? promptId.substring(runId.length() + 1) : promptId;
    }
}
