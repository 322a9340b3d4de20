package dev.stresslab.analytics.service;

import dev.stresslab.analytics.persistence.RunVersion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest computation of one kind (report or analysis) of each running run that someone reads, and when it was last
 * read: what {@link ReportService} serves while a fresher one is computed in the background (stale-while-revalidate).
 * Entries of runs nobody read for the watch window are dropped by the refresher, so only watched runs cost anything.
 * Plain Java; the clock is passed in (nanoTime readings).
 */
final class LatestComputations<T> {

    /** A value computed for {@code version}, {@code computedAtNanos} being when it was done, in {@code tookNanos}. */
    record Computed<T>(RunVersion version, T value, Instant computedAt, long computedAtNanos, long tookNanos) {
    }

    private static final class Entry<T> {
        volatile Computed<T> computed;
        volatile long lastReadNanos;

        Entry(Computed<T> computed, long lastReadNanos) {
            this.computed = computed;
            this.lastReadNanos = lastReadNanos;
        }
    }

    private final ConcurrentHashMap<String, Entry<T>> entries = new ConcurrentHashMap<>();

    /** The newest computation of the run, marking it read now. */
    Optional<Computed<T>> read(String runId, long nowNanos) {
        Entry<T> e = entries.get(runId);
        if (e == null) {
            return Optional.empty();
        }
        e.lastReadNanos = nowNanos;
        return Optional.of(e.computed);
    }

    /** Keeps {@code computed} unless a computation of a newer version is already there (two may race). */
    void offer(String runId, Computed<T> computed, long nowNanos, boolean read) {
        entries.compute(runId, (id, e) -> {
            if (e == null) {
                return read ? new Entry<>(computed, nowNanos) : null; // the refresher only updates watched runs
            }
            if (computed.version().results() >= e.computed.version().results()) {
                e.computed = computed;
            }
            if (read) {
                e.lastReadNanos = nowNanos;
            }
            return e;
        });
    }

    /** The runs read within {@code windowNanos} before now; the others are forgotten. */
    List<Computed<T>> watched(long nowNanos, long windowNanos) {
        entries.entrySet().removeIf(e -> nowNanos - e.getValue().lastReadNanos > windowNanos);
        return entries.values().stream().map(e -> e.computed).toList();
    }

    void forget(String runId) {
        entries.remove(runId);
    }

    int size() {
        return entries.size();
    }
}
