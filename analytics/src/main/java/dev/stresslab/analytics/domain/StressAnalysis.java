package dev.stresslab.analytics.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The REST analyses that explain a drop (docs/metrics.md): accuracy and reasoning effort by position, the share of
 * effort spent on the first question, and interference between consecutive questions. Pure.
 */
public final class StressAnalysis {
    private StressAnalysis() {
    }

    /** One (level, position) cell: accuracy in percent, mean attributed reasoning tokens (null when none). */
    public record PositionReport(int level, int position, long slots, long correct, double accuracy, Double meanTokens) {
    }

    /**
     * Per level: {@code firstQuestionTokenShare} = tokens attributed to position 1 / tokens attributed to all
     * positions (null without attribution); {@code meanTokensCorrect} / {@code meanTokensWrong} = mean attributed
     * reasoning tokens of the correct / wrong slots (over-thinking: wrong answers that took more tokens; null when no
     * such slot has an attribution); {@code interference} = P(wrong | previous wrong) − P(wrong | previous
     * right) over consecutive pairs in a prompt, in percentage points (null when either side has no pair).
     */
    public record LevelEffort(int level, Double firstQuestionTokenShare, Double interference, long pairs,
                              Double meanTokensCorrect, Double meanTokensWrong, long correctTokenSlots,
                              long wrongTokenSlots) {
    }

    public static List<PositionReport> positions(List<PositionTally> tallies) {
        return tallies.stream()
                .sorted(Comparator.comparingInt(PositionTally::level).thenComparingInt(PositionTally::position))
                .map(t -> new PositionReport(t.level(), t.position(), t.slots(), t.correct(),
                        t.slots() == 0 ? 0 : round(100.0 * t.correct() / t.slots()),
                        t.tokenSlots() == 0 ? null : round((double) t.tokenSum() / t.tokenSlots())))
                .toList();
    }

    public static List<LevelEffort> effort(List<PositionTally> positions, List<TransitionTally> transitions) {
        List<LevelEffort> out = new ArrayList<>();
        positions.stream().map(PositionTally::level).distinct().sorted().forEach(level -> {
            long total = 0;
            long first = 0;
            long correctSum = 0;
            long correctSlots = 0;
            long wrongSum = 0;
            long wrongSlots = 0;
            boolean attributed = false;
            for (PositionTally t : positions) {
                if (t.level() == level && t.tokenSlots() > 0) {
                    attributed = true;
                    total += t.tokenSum();
                    if (t.position() == 1) {
                        first += t.tokenSum();
                    }
                    correctSum += t.correctTokenSum();
                    correctSlots += t.correctTokenSlots();
                    wrongSum += t.tokenSum() - t.correctTokenSum();
                    wrongSlots += t.tokenSlots() - t.correctTokenSlots();
                }
            }
            Double share = attributed && total > 0 ? round((double) first / total) : null;
            TransitionTally tr = transitions.stream().filter(t -> t.level() == level).findFirst()
                    .orElse(new TransitionTally(level, 0, 0, 0, 0));
            out.add(new LevelEffort(level, share, interference(tr), tr.afterWrong() + tr.afterRight(),
                    correctSlots == 0 ? null : round((double) correctSum / correctSlots),
                    wrongSlots == 0 ? null : round((double) wrongSum / wrongSlots), correctSlots, wrongSlots));
        });
        return out;
    }

    static Double interference(TransitionTally t) {
        if (t.afterWrong() == 0 || t.afterRight() == 0) {
            return null;
        }
        return round(100.0 * ((double) t.wrongAfterWrong() / t.afterWrong() - (double) t.wrongAfterRight() / t.afterRight()));
    }

    private static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
