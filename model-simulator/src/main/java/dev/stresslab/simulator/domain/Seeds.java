package dev.stresslab.simulator.domain;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic randomness. A request's seed is derived from its {@code seed} field (when present), its prompt, its
 * model and its temperature, so the same request always gets the same answer while different prompts sent with one
 * fixed run seed still get independent draws. Each decision (correctness of Q3, tokens of Q3, …) has its own stream.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long requestSeed(Long seed, String prompt, String model, Double temperature) {
        long h = 0x9E3779B97F4A7C15L;
        h = mix(h ^ fnv(prompt));
        h = mix(h ^ fnv(model));
        h = mix(h ^ (temperature == null ? 0x5bd1e995L : Double.doubleToLongBits(temperature)));
        if (seed != null) {
            h = mix(h ^ mix(seed + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /** An independent stream for one decision about one question of one choice. */
    public static SplittableRandom stream(long requestSeed, int choice, int position, String purpose) {
        long h = mix(requestSeed ^ mix(choice * 0x100000001B3L + position));
        return new SplittableRandom(mix(h ^ fnv(purpose)));
    }

    static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
