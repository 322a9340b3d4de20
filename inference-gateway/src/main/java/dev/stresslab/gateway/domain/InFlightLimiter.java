package dev.stresslab.gateway.domain;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A non-blocking permit pool: at most {@code max} calls in flight to one endpoint; further callers get a future
 * that completes when a permit frees up. No thread waits. The limit is fixed ({@code concurrency-mode=fixed}).
 */
public final class InFlightLimiter implements ConcurrencyLimiter {
    private final int max;
    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int inFlight;

    public InFlightLimiter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max in flight must be at least 1");
        }
        this.max = max;
    }

    @Override
    public CompletionStage<Void> acquire() {
        synchronized (this) {
            if (inFlight < max) {
                inFlight++;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> permit = new CompletableFuture<>();
            waiting.add(permit);
            return permit;
        }
    }

    /** A fixed limit learns nothing from the outcome. */
    @Override
    public void release(Signal signal, long startedNanos, long endedNanos) {
        release();
    }

    public void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.complete(null); // the permit passes straight to the next waiter
        }
    }

    @Override
    public int limit() {
        return max;
    }

    @Override
    public synchronized int inFlight() {
        return inFlight;
    }

    @Override
    public synchronized int waiting() {
        return waiting.size();
    }
}
