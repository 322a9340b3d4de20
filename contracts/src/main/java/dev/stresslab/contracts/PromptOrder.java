package dev.stresslab.contracts;

import java.util.ArrayList;
import java.util.List;

/**
 * The order a run's prompts are published in. {@code level-by-level} (the default): level by level, prompt index
 * ascending, samples innermost. {@code interleaved}: in rounds; round r holds one prompt of every level (in the run's
 * level order), the r-th of that level's own random permutation of its (group, sample) pairs, drawn from the run's
 * order seed. Every level has the same number of prompts (questions x samples), so every round is whole.
 * <p>
 * The release gate's sequential verdict (docs/continuous-evaluation.md) reads results round by round in this order:
 * a prefix of rounds is a uniformly random sample of each level, so its partial sums estimate the full suite's
 * without bias at every round, and the composer publishing in the same order makes the prefix arrive first. The
 * order is computed here only, by both sides. It is drawn from the seed alone, never from any outcome.
 */
public final class PromptOrder {
    public static final String LEVEL_BY_LEVEL = "level-by-level";
    public static final String INTERLEAVED = "interleaved";

    /** One prompt of a run: the composer's (level, group index, sample), the same key as in prompt ids. */
    public record Key(int level, int groupIndex, int sample) {
    }

    private PromptOrder() {
    }

    /** Whether {@code name} is a known order (null means the default). */
    public static boolean known(String name) {
        return name == null || LEVEL_BY_LEVEL.equals(name) || INTERLEAVED.equals(name);
    }

    /**
     * Round {@code r} is {@code order.subList(r * levels.size(), (r + 1) * levels.size())}; there are
     * {@code questions * samples} rounds.
     */
    public static List<Key> interleaved(List<Integer> levels, int questions, int samples, long seed) {
        int perLevel = Math.multiplyExact(questions, samples);
        List<int[]> permutations = new ArrayList<>(levels.size());
        for (int level : levels) {
            permutations.add(permutation(perLevel, mix(seed ^ mix(0x9E3779B97F4A7C15L * (level + 1L)))));
        }
        List<Key> out = new ArrayList<>(Math.multiplyExact(perLevel, levels.size()));
        for (int r = 0; r < perLevel; r++) {
            for (int i = 0; i < levels.size(); i++) {
                int pair = permutations.get(i)[r];
                out.add(new Key(levels.get(i), pair / samples, pair % samples));
            }
        }
        return out;
    }

    /** Fisher-Yates over 0..n-1 with a SplitMix64 stream: the same permutation on every JVM. */
    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        long state = seed;
        for (int i = n - 1; i > 0; i--) {
            state += 0x9E3779B97F4A7C15L;
            int j = (int) Long.remainderUnsigned(mix(state), i + 1L);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
