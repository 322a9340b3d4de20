package dev.stresslab.scorer.domain;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.stresslab.contracts.Usage;

import dev.stresslab.scorer.parse.AttributionCut;
import dev.stresslab.scorer.parse.OutputParser;
import dev.stresslab.scorer.parse.ParsedOutput;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Attributes an output's tokens to question positions, for the paper's "reasoning tokens per position" (Fig. 6),
 * reasoning and answer apart. The cut points are {@link ParsedOutput#cuts()} (rules in {@link OutputParser} and
 * docs/metrics.md, "Token attribution"). Each cut is counted with jtokkit's cl100k_base; the counts are then scaled to
 * the server's {@code usage} (reasoning to {@code reasoningTokens}, answer to {@code completionTokens -
 * reasoningTokens}; both to {@code completionTokens} when only that is known) and rounded by largest remainder so the
 * parts add up exactly. Reasoning the server hid (a count, no text) is never spread over positions: those are null.
 * Thread-safe (jtokkit encodings are immutable).
 */
public final class TokenAttributor {
    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    /**
     * Pieces longer than this are not tokenised whole: their first {@code EXACT_CHARS} characters are, and the count
     * is scaled by length. Only proportions matter (counts are scaled to the server's usage anyway), and jtokkit's
     * cost grows faster than linearly on long runs without spaces (10 MB of letters: over a minute).
     */
    static final int EXACT_CHARS = 16_384;
    /**
     * At most this many characters of one output are tokenised (about 64k tokens, twice the paper's longest output);
     * later pieces are estimated at the tokens-per-character rate measured so far. Tokenising 10 MB of short pieces
     * took 4 to 8 seconds.
     */
    static final int EXACT_CHARS_PER_OUTPUT = 262_144;

    private TokenAttributor() {
    }

    /**
     * One output's tokens by position (index 0 = position 1).
     *
     * @param reasoningTokens      reasoning tokens per position; an entry is null when the reasoning is hidden or no
     *                             part of it could be given to a question
     * @param answerTokens         final-answer tokens per position (a summary list after the answers counts for none)
     * @param unattributedReasoning reasoning tokens given to no question (preambles, recaps), null when hidden
     */
    public record Attribution(List<Integer> reasoningTokens, List<Integer> answerTokens, Integer unattributedReasoning) {
    }

    /** Attributes the tokens of {@code parsed}; null when its level is below 1. */
    public static Attribution attribute(ParsedOutput parsed, Usage usage) {
        int level = parsed.level();
        if (level < 1) {
            return null;
        }
        // index 0 = no question, i = position i
        double[] reasoning = new double[level + 1];
        double[] answer = new double[level + 1];
        double[] exact = new double[2]; // characters tokenised so far, their tokens
        boolean anyReasoningOwned = false;
        for (AttributionCut cut : parsed.cuts()) {
            String text = parsed.text(cut);
            double n;
            if (exact[0] < EXACT_CHARS_PER_OUTPUT) {
                n = count(text);
                int sampled = Math.min(text.length(), EXACT_CHARS);
                exact[0] += sampled;
                exact[1] += n * sampled / Math.max(1, text.length());
            } else {
                n = text.length() * exact[1] / exact[0];
            }
            (cut.reasoning() ? reasoning : answer)[cut.position()] += n;
            anyReasoningOwned |= cut.reasoning() && cut.position() > 0 && n > 0;
        }
        Usage u = usage == null ? Usage.UNKNOWN : usage;
        double rSum = sum(reasoning);
        double aSum = sum(answer);
        double rFactor = 1;
        double aFactor = 1;
        if (rSum > 0 && u.reasoningTokens() != null) {
            rFactor = u.reasoningTokens() / rSum;
            if (u.completionTokens() != null && aSum > 0) {
                aFactor = Math.max(0, u.completionTokens() - u.reasoningTokens()) / aSum;
            }
        } else if (rSum > 0 && u.completionTokens() != null) {
            rFactor = aFactor = u.completionTokens() / (rSum + aSum);
        } else if (rSum == 0 && u.completionTokens() != null && aSum > 0) {
            Integer hidden = u.reasoningTokens();
            if (hidden != null || !parsed.hasReasoningText()) {
                aFactor = Math.max(0, u.completionTokens() - (hidden == null ? 0 : hidden)) / aSum;
            }
        }
        int[] r = round(scaled(reasoning, rFactor));
        int[] a = round(scaled(answer, aFactor));
        List<Integer> reasoningTokens = new ArrayList<>(level);
        List<Integer> answerTokens = new ArrayList<>(level);
        boolean hidden = rSum == 0 && (u.reasoningTokens() == null || u.reasoningTokens() > 0);
        for (int i = 1; i <= level; i++) {
            reasoningTokens.add(hidden || rSum > 0 && !anyReasoningOwned ? null : r[i]);
            answerTokens.add(a[i]);
        }
        Integer unattributed = hidden ? null : r[0];
        return new Attribution(Collections.unmodifiableList(reasoningTokens), List.copyOf(answerTokens), unattributed);
    }

    private static double[] scaled(double[] counts, double factor) {
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i] * factor;
        }
        return out;
    }

    /** cl100k_base tokens of {@code text}, extrapolated from its first {@link #EXACT_CHARS} characters when longer. */
    static double count(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        if (text.length() <= EXACT_CHARS) {
            return ENCODING.countTokensOrdinary(Utf16.wellFormed(text));
        }
        int cut = EXACT_CHARS;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--; // do not split a surrogate pair
        }
        return ENCODING.countTokensOrdinary(Utf16.wellFormed(text.substring(0, cut))) * (double) text.length() / cut;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s;
    }

    /** Largest-remainder rounding: the integers add up to the rounded total. */
    static int[] round(double[] values) {
        int n = values.length;
        int[] out = new int[n];
        double total = sum(values);
        long target = Math.round(total);
        long assigned = 0;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) Math.floor(values[i]);
            assigned += out[i];
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b] - Math.floor(values[b]), values[a] - Math.floor(values[a])));
        for (int i = 0; i < n && assigned < target; i++) {
            out[order[i]]++;
            assigned++;
        }
        return out;
    }
}
