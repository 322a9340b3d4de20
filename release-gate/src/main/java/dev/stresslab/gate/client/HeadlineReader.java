package dev.stresslab.gate.client;

import dev.stresslab.gate.domain.Difference;
import dev.stresslab.gate.domain.VerdictRule;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads analytics' /compare answer: {@code "comparable": bool, "reason": ..., "headline": {"single"|"stress"|"drop":
 * {"base","candidate","difference","ciLow","ciHigh","pValue","questions"}}}. Defensive: an answer without the field
 * (an analytics that predates the headline) is an error that says so, never a silent PASS.
 */
public final class HeadlineReader {
    private HeadlineReader() {
    }

    /** Analytics says the runs cannot be compared (different settings, say): an INCONCLUSIVE verdict with its reason. */
    public static final class NotComparable extends RuntimeException {
        public NotComparable(String message) {
            super(message);
        }
    }

    /** The answer lacks the headline or its numbers: an error of the platform, not a verdict on the model. */
    public static final class MissingHeadline extends RuntimeException {
        public MissingHeadline(String message) {
            super(message);
        }
    }

    public static Difference read(JsonNode comparison, VerdictRule.Metric metric) {
        return read(comparison, metric.key());
    }

    /** The per-level comparison analytics serves as {@code headline.level-<s>} (for the per-level checks). */
    public static Difference readLevel(JsonNode comparison, int level) {
        return read(comparison, "level-" + level);
    }

    private static Difference read(JsonNode comparison, String key) {
        if (comparison == null || comparison.isNull()) {
            throw new MissingHeadline("analytics returned no comparison");
        }
        JsonNode comparable = comparison.path("comparable");
        if (comparable.isBoolean() && !comparable.asBoolean()) {
            throw new NotComparable("runs are not comparable: " + comparison.path("reason").asText("no reason given"));
        }
        JsonNode d = comparison.path("headline").path(key);
        if (d.isMissingNode() || d.isNull()) {
            throw new MissingHeadline("analytics' /compare has no headline." + key
                    + " (analytics without the clustered headline comparison, issue 11): cannot decide");
        }
        for (String field : new String[]{"difference", "ciLow", "ciHigh"}) {
            if (!d.path(field).isNumber()) {
                throw new MissingHeadline("headline." + key + "." + field + " is missing or not a number: " + d);
            }
        }
        return new Difference(d.path("base").asDouble(Double.NaN), d.path("candidate").asDouble(Double.NaN),
                d.path("difference").asDouble(), d.path("ciLow").asDouble(), d.path("ciHigh").asDouble(),
                d.path("pValue").isNumber() ? d.path("pValue").asDouble() : null, d.path("questions").asInt());
    }
}
