package dev.stresslab.gateway.domain;

import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The prompt ids whose completion has been produced, grouped by run, with bounded memory: a run's ids are dropped
 * when the run has not been touched for {@code retention}, at most {@code maxRuns} runs are kept, and at most
 * {@code maxPrompts} ids in all (the least recently touched runs go first; the run being added to stays). Lookups and
 * inserts are O(1). Thread-safe.
 * <p>
 * Why a cap on ids as well as on runs: an id costs about 100 bytes of heap, and runs have no size limit, so
 * {@code maxRuns} alone does not bound memory (the soak benchmark saw the gateway's live heap grow by 112 bytes per
 * prompt; 10,000 runs of 20,000 prompts would need 20 GB).
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
    private final long maxPrompts;
    private final LinkedHashMap<String, Run> runs;
    private long size;

    public CompletedPrompts(Duration retention, int maxRuns) {
        this(retention, maxRuns, Long.MAX_VALUE);
    }

    public CompletedPrompts(Duration retention, int maxRuns, long maxPrompts) {
        if (maxRuns < 1 || maxPrompts < 1) {
            throw new IllegalArgumentException("maxRuns and maxPrompts must be at least 1");
        }
        this.retentionMs = retention.toMillis();
        this.maxRuns = maxRuns;
        this.maxPrompts = maxPrompts;
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
            if (size > maxPrompts) {
                dropLeastRecentlyUsedBut(run);
            }
        }
        return added;
    }

    private void dropLeastRecentlyUsedBut(Run keep) {
        for (Iterator<Run> it = runs.values().iterator(); it.hasNext() && size > maxPrompts; ) {
            Run run = it.next(); // access order: least recently touched first
            if (run != keep) {
                size -= run.ids.size();
                it.remove();
            }
        }
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
