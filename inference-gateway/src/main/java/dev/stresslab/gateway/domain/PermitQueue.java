package dev.stresslab.gateway.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The non-blocking permit queue both limiters share: at most {@link #limitLocked()} calls in flight; a caller beyond
 * it gets a future that completes when a permit frees up, so no thread waits. Subclasses decide the limit and may
 * learn from each finished call ({@link #onRelease}), both under this object's lock.
 */
abstract class PermitQueue implements ConcurrencyLimiter {
    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int inFlight;

    /** The limit now; called with this object's lock held. */
    protected abstract int limitLocked();

    /**
     * What a finished call teaches, with the lock held, before waiters are let go.
     *
     * @param inFlightBefore calls in flight when this one ended, itself included
     */
    protected void onRelease(Signal signal, long startedNanos, long endedNanos, int inFlightBefore) {
    }

    @Override
    public final CompletionStage<Void> acquire() {
        synchronized (this) {
            if (inFlight < limitLocked() && waiting.isEmpty()) {
                inFlight++;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> permit = new CompletableFuture<>();
            waiting.add(permit);
            return permit;
        }
    }

    @Override
    public final void release(Signal signal, long startedNanos, long endedNanos) {
        List<CompletableFuture<Void>> granted = null;
        synchronized (this) {
            onRelease(signal, startedNanos, endedNanos, inFlight);
            inFlight--;
            // a raised limit may let more than one waiter go; a lowered one none
            while (inFlight < limitLocked() && !waiting.isEmpty()) {
                inFlight++;
                if (granted == null) {
                    granted = new ArrayList<>(2);
                }
                granted.add(waiting.poll());
            }
        }
        if (granted != null) {
            granted.forEach(p -> p.complete(null)); // outside the lock: the waiter's continuation runs here
        }
    }

    @Override
    public final synchronized int limit() {
        return limitLocked();
    }

    @Override
    public final synchronized int inFlight() {
        return inFlight;
    }

    @Override
    public final synchronized int waiting() {
        return waiting.size();
    }
}
