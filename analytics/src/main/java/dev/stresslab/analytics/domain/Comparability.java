package dev.stresslab.analytics.domain;

import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.RunSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * When two runs measure the same thing (docs/metrics.md, "Comparable runs"): same benchmark, same stress levels, and
 * the same settings key. The key is built from the run's spec (PUBLISHING event): temperature, top-p, max tokens and
 * a hash of the system prompt. The seed and the sample count are left out on purpose: repeated runs differ by seed,
 * and samples change the precision, not what is measured. Runs known only from a COMPOSED event have no key (null);
 * two such runs are taken as comparable, a run with a key and one without are not. Pure.
 */
public final class Comparability {
    private Comparability() {
    }

    /** A run as far as comparability goes. */
    public record RunSettings(String runId, String benchmark, List<Integer> levels, String settingsKey) {
    }

    /** @param reason why not, null when comparable */
    public record Verdict(boolean comparable, String reason) {
    }

    /** The settings key of a run event, or null when the event carries no spec. */
    public static String settingsKey(RunEvent event) {
        RunSpec spec = event.spec();
        if (spec == null) {
            return null;
        }
        GenerationSettings g = spec.generation() == null ? GenerationSettings.PAPER_DEFAULTS : spec.generation();
        return String.format(Locale.ROOT, "temperature=%s;top_p=%s;max_tokens=%d;system=%s", g.temperature(), g.topP(),
                g.maxTokens(), spec.systemPrompt() == null ? "none" : sha256(spec.systemPrompt()).substring(0, 16));
    }

    public static Verdict check(RunSettings a, RunSettings b) {
        if (!Objects.equals(a.benchmark(), b.benchmark())) {
            return new Verdict(false, "different benchmarks: " + a.benchmark() + " vs " + b.benchmark());
        }
        if (a.levels() != null && b.levels() != null
                && !a.levels().stream().sorted().toList().equals(b.levels().stream().sorted().toList())) {
            return new Verdict(false, "different stress levels: " + a.levels() + " vs " + b.levels());
        }
        if (!Objects.equals(a.settingsKey(), b.settingsKey())) {
            return new Verdict(false, "different settings: " + describe(a) + " vs " + describe(b));
        }
        return new Verdict(true, null);
    }

    private static String describe(RunSettings r) {
        return r.settingsKey() == null ? "unknown (no run spec)" : r.settingsKey();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
