package dev.stresslab.simulator.domain;

import java.util.ArrayDeque;

/**
 * A model server's capacity: at most {@code capacity} requests are being answered at once (a GPU's batch slots).
 * Beyond that a request is rejected (as a provider's 429) or queued until a slot frees (as vLLM does: its latency then
 * grows with the queue). Thread-safe; queued work is run by whoever frees the slot, outside the lock.
 */
public final class CapacityGate {

    /** What happens to a request beyond the capacity. */
    public enum Overflow {
        REJECT, QUEUE;

        public static Overflow parse(String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "reject", "429" -> REJECT;
                case "queue" -> QUEUE;
                default -> throw new IllegalArgumentException("simulator.capacity.overflow must be reject or queue, got " + value);
            };
        }
    }

    public enum Admission { STARTED, QUEUED, REJECTED }

    private final int capacity;
    private final Overflow overflow;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private int active;

    /** @param capacity at most this many requests at once; 0 or less: unlimited */
    public CapacityGate(int capacity, Overflow overflow) {
        this.capacity = capacity;
        this.overflow = overflow;
    }

    /** Runs {@code start} now if a slot is free, else queues or rejects it; a started request must {@link #leave()}. */
    public Admission admit(Runnable start) {
        synchronized (this) {
            if (capacity > 0 && active >= capacity) {
                if (overflow == Overflow.REJECT) {
                    return Admission.REJECTED;
                }
                queue.add(start);
                return Admission.QUEUED;
            }
            active++;
        }
        start.run();
        return Admission.STARTED;
    }

    /** Frees a slot; the oldest queued request takes it. */
    public void leave() {
        Runnable next;
        synchronized (this) {
            next = queue.poll();
            if (next == null) {
                active--;
            }
        }
        if (next != null) {
            next.run(); // the slot passes straight to it
        }
    }

    public synchronized int active() {
        return active;
    }

    public synchronized int queued() {
        return queue.size();
    }

    public int capacity() {
        return capacity;
    }
}
