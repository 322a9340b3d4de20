package dev.stresslab.analytics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * How long a deployment keeps transcripts (analytics.transcripts.retention): {@code forever}, or a number of days
 * ({@code 30} or {@code 30d}). The scores are never deleted by it.
 */
public record TranscriptRetention(Duration keep) {
    public static final TranscriptRetention FOREVER = new TranscriptRetention(null);

    public static TranscriptRetention parse(String setting) {
        String s = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
        if (s.equals("forever")) {
            return FOREVER;
        }
        String days = s.endsWith("d") ? s.substring(0, s.length() - 1) : s;
        try {
            long n = Long.parseLong(days);
            if (n >= 1) {
                return new TranscriptRetention(Duration.ofDays(n));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("analytics.transcripts.retention must be 'forever' or a number of days "
                + "(at least 1, e.g. 30 or 30d), not '" + setting + "'");
    }

    /** Transcripts recorded before this instant are to be deleted; empty when kept forever. */
    public Optional<Instant> cutoff(Instant now) {
        return keep == null ? Optional.empty() : Optional.of(now.minus(keep));
    }
}
