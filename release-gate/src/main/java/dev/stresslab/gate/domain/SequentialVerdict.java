package dev.stresslab.gate.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequential, anytime-valid verdict of one benchmark's candidate run against its baseline run
 * (docs/continuous-evaluation.md, "Sequential mode").
 * <p>
 * <b>The unit.</b> A round holds one prompt of every level of the suite, in the run's interleaved order
 * (contracts' PromptOrder), each paired with the baseline's prompt of the same level, group and sample (the same
 * questions in the same positions). For each level l the round gives D_l = (candidate's correct slots - baseline's
 * correct slots) / l, in [-1, 1]: the prompt is the unit, so the slots of one output may be correlated in any way.
 * A failed prompt counts its slots wrong, as in the report.
 * <p>
 * <b>The statistic.</b> Each check is a linear combination X = sum_l w_l D_l with "higher is better" weights: Stress
 * (REST's unweighted mean over the levels above 1) has w_l = 1/K on the K stressed levels, Single w_1 = 1, drop
 * (Single - Stress, larger is worse) the negated sum, a per-level check w_l = 1. Every level has the same number of
 * prompts, so a round's X has the expected value of the check's full-suite paired difference; rounds are drawn
 * without looking at outcomes, so their X are independent with that mean (see the assumption below), and
 * {@link ConfidenceSequence} bounds it at every round at once.
 * <p>
 * <b>The rule.</b> With tolerated loss m: REGRESSION once the upper bound is below -m (its error rate: the false
 * alarm, P(REGRESSION | true difference >= -m) <= falseAlarm); PASS once the lower bound is above -m
 * (P(PASS | true difference <= -m) <= missedRegression). The suite's rounds are checked one by one; the first round
 * that decides is the answer, so results that arrive later cannot change it. With several checks (the headline and
 * per-level checks) any REGRESSION decides REGRESSION, and PASS needs every check passed; each check holds its own
 * rates, the verdict at most their sum. Rounds all used and still open: INCONCLUSIVE.
 * <p>
 * <b>Assumed.</b> The model calls of different prompts are independent given the suite, and within a level the
 * prompts are exchangeable draws (the random order makes the r-th prompt of a level a uniform draw). Questions are
 * repeated across prompts (REST's cyclic grouping puts each question in l prompts at level l); if a candidate fails
 * particular questions (a question-by-model effect), prompts sharing them are positively correlated and the bound
 * is somewhat too narrow. The simulator has no such effect; the fixed-size verdict (analytics' clustered interval)
 * does account for it.
 */
public final class SequentialVerdict {
    private SequentialVerdict() {
    }

    /** One check: higher-is-better weights per level, the tolerated loss in points and the two error rates. */
    public record Check(String name, Map<Integer, Double> weights, double maxDrop, double falseAlarm,
                        double missedRegression) {
        public Check {
            weights = Map.copyOf(weights);
            if (weights.isEmpty()) {
                throw new IllegalArgumentException("check " + name + " weighs no level");
            }
        }

        /** The largest |X|: X lies in [-range, range]. */
        double range() {
            return weights.values().stream().mapToDouble(Math::abs).sum();
        }
    }

    /** A check's state after some rounds, in points: estimate (mean of X), its bounds, and the verdict if decided. */
    public record CheckState(String name, Verdict verdict, int rounds, double estimate, double lower, double upper,
                             double maxDrop) {
    }

    /**
     * The answer: {@code verdict} null while undecided; {@code rounds} the rounds used (the deciding one, or all
     * available); the checks' states at that round.
     */
    public record Result(Verdict verdict, int rounds, List<CheckState> checks) {
        public boolean decided() {
            return verdict != null;
        }
    }

    /**
     * Reads {@code rounds} (each: level to D_l) in order and stops at the first that decides.
     *
     * @param totalRounds the rounds the whole suite has: when all of them are read and nothing decided, INCONCLUSIVE
     */
    public static Result decide(List<Check> checks, List<Map<Integer, Double>> rounds, int totalRounds) {
        List<ConfidenceSequence> sequences = new ArrayList<>();
        for (Check c : checks) {
            sequences.add(new ConfidenceSequence(-c.range(), c.range(), c.missedRegression(), c.falseAlarm()));
        }
        Map<String, Verdict> reached = new LinkedHashMap<>();
        int used = 0;
        for (Map<Integer, Double> round : rounds) {
            used++;
            for (int i = 0; i < checks.size(); i++) {
                Check c = checks.get(i);
                ConfidenceSequence cs = sequences.get(i);
                cs.add(value(c, round));
                Verdict v = VerdictRule.decide(100 * cs.lowerBound(), 100 * cs.upperBound(), c.maxDrop());
                if (v != Verdict.INCONCLUSIVE) {
                    reached.put(c.name(), v);
                }
            }
            if (reached.containsValue(Verdict.REGRESSION)) {
                return new Result(Verdict.REGRESSION, used, states(checks, sequences, reached, used));
            }
            if (reached.size() == checks.size()) {
                return new Result(Verdict.PASS, used, states(checks, sequences, reached, used));
            }
        }
        Verdict end = used >= totalRounds ? Verdict.INCONCLUSIVE : null;
        return new Result(end, used, states(checks, sequences, reached, used));
    }

    static double value(Check c, Map<Integer, Double> round) {
        double x = 0;
        for (var w : c.weights().entrySet()) {
            Double d = round.get(w.getKey());
            if (d == null) {
                throw new IllegalArgumentException("the round has no prompt of level " + w.getKey() + ": " + round);
            }
            x += w.getValue() * d;
        }
        return x;
    }

    private static List<CheckState> states(List<Check> checks, List<ConfidenceSequence> sequences,
                                           Map<String, Verdict> reached, int rounds) {
        List<CheckState> out = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            ConfidenceSequence cs = sequences.get(i);
            out.add(new CheckState(checks.get(i).name(), reached.get(checks.get(i).name()), rounds,
                    points(cs.mean()), points(cs.lowerBound()), points(cs.upperBound()), checks.get(i).maxDrop()));
        }
        return out;
    }

    private static double points(double fraction) {
        return Double.isNaN(fraction) ? Double.NaN : Math.round(fraction * 10_000) / 100.0;
    }
}
