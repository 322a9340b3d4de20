package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clustered intervals against known truth (issue 11 item 2). A simulated model answers REST prompts (cyclic
 * grouping, levels 1, 3 and 5) on questions drawn from a population of difficulties; an output collapses (every slot
 * wrong: a truncation, a lost thread) with a probability that grows with the level, so slots of one output are
 * strongly correlated, and every question appears at every position, so slots of one question are too. Later
 * positions are a little harder. The expected accuracies are known in closed form, so the coverage of the 95 %
 * interval can be counted; two independent runs of the same model on the same questions give the false-positive
 * rate of the paired test. Fixed seeds: the figures are the same on every run (printed, and in docs/metrics.md).
 */
class ClusteredEstimateSimulationTest {
    static final double[] DIFFICULTIES = {0.15, 0.45, 0.75, 0.95};
    static final int[] LEVELS = {1, 3, 5};
    static final double[] COLLAPSE = {0.05, 0.20, 0.35};
    static final double POSITION_PENALTY = 0.05;
    static final int QUESTIONS = 120;
    static final int REPLICATIONS = Integer.getInteger("sim.replications", 1000);

    /** E[accuracy at level index k] = (1 − collapse) · E[p] · mean over positions of (1 − penalty · (pos − 1)). */
    static double truth(int k) {
        double meanP = 0;
        for (double d : DIFFICULTIES) {
            meanP += d / DIFFICULTIES.length;
        }
        int s = LEVELS[k];
        double positions = 0;
        for (int pos = 1; pos <= s; pos++) {
            positions += (1 - POSITION_PENALTY * (pos - 1)) / s;
        }
        return (1 - COLLAPSE[k]) * meanP * positions;
    }

    static List<Slot> run(String runId, double[] p, int samples, SplittableRandom random) {
        List<Slot> slots = new ArrayList<>();
        int n = p.length;
        for (int k = 0; k < LEVELS.length; k++) {
            int s = LEVELS[k];
            for (int g = 0; g < n; g++) {
                for (int sample = 0; sample < samples; sample++) {
                    String output = runId + "/L" + s + "/G" + g + "/S" + sample;
                    boolean collapsed = random.nextDouble() < COLLAPSE[k];
                    for (int pos = 1; pos <= s; pos++) {
                        int q = (g + pos - 1) % n;
                        boolean right = !collapsed && random.nextDouble() < p[q] * (1 - POSITION_PENALTY * (pos - 1));
                        slots.add(Slot.of("q" + q, output, s, pos, sample, right));
                    }
                }
            }
        }
        return slots;
    }

    static double[] questions(SplittableRandom random) {
        double[] p = new double[QUESTIONS];
        for (int i = 0; i < p.length; i++) {
            p[i] = DIFFICULTIES[random.nextInt(DIFFICULTIES.length)];
        }
        return p;
    }

    @Test
    void ninetyFivePercentIntervalsCoverTheTruth() {
        for (int samples : new int[]{1, 4}) {
            SplittableRandom random = new SplittableRandom(11 + samples);
            double single = 100 * truth(0);
            double stress = 100 * (truth(1) + truth(2)) / 2;
            int coverSingle = 0;
            int coverStress = 0;
            int coverDrop = 0;
            for (int r = 0; r < REPLICATIONS; r++) {
                List<Slot> slots = run("r" + r, questions(random), samples, random);
                coverSingle += covers(ClusteredEstimate.of(slots, ClusteredEstimate.SINGLE), single);
                coverStress += covers(ClusteredEstimate.of(slots, ClusteredEstimate.STRESS), stress);
                coverDrop += covers(ClusteredEstimate.of(slots, ClusteredEstimate.DROP), single - stress);
            }
            System.out.printf("samples %d: coverage of the 95%% interval over %d runs: Single %.1f%%, Stress %.1f%%, "
                    + "drop %.1f%%%n", samples, REPLICATIONS, pct(coverSingle), pct(coverStress), pct(coverDrop));
            for (int covered : new int[]{coverSingle, coverStress, coverDrop}) {
                assertTrue(pct(covered) >= 93 && pct(covered) <= 97, "coverage " + pct(covered) + " % at samples " + samples);
            }
        }
    }

    @Test
    void aModelComparedWithItselfIsRarelyCalledDifferent() {
        for (int samples : new int[]{1, 4}) {
            SplittableRandom random = new SplittableRandom(29 + samples);
            int[] positives = new int[3];
            for (int r = 0; r < REPLICATIONS; r++) {
                double[] p = questions(random);
                List<Slot> base = run("b" + r, p, samples, random);
                List<Slot> candidate = run("c" + r, p, samples, random);
                List<ClusteredEstimate.WeightedRun> pair = List.of(new ClusteredEstimate.WeightedRun(candidate, 1),
                        new ClusteredEstimate.WeightedRun(base, -1));
                ClusteredEstimate.Statistic[] stats = {ClusteredEstimate.SINGLE, ClusteredEstimate.STRESS, ClusteredEstimate.DROP};
                for (int i = 0; i < stats.length; i++) {
                    positives[i] += ClusteredEstimate.estimate(pair, stats[i]).pValue() < 0.05 ? 1 : 0;
                }
            }
            System.out.printf("samples %d: same model twice, p < 0.05 in %d runs: Single %.1f%%, Stress %.1f%%, drop %.1f%%%n",
                    samples, REPLICATIONS, pct(positives[0]), pct(positives[1]), pct(positives[2]));
            // A calibrated 5 % test lands above 5.0 % in half of all simulations: the bound allows the Monte-Carlo
            // error of REPLICATIONS draws (one-sided 95 %: 5 + 1.645 · √(0.05 · 0.95 / R) percent, 6.1 % at R = 1000).
            // (Issue 11 reports 23 % for the slot-level McNemar test at s = 5.)
            double bound = 5 + 1.645 * 100 * Math.sqrt(0.05 * 0.95 / REPLICATIONS);
            for (int fp : positives) {
                assertTrue(pct(fp) <= bound, "false-positive rate " + pct(fp) + " % at samples " + samples);
            }
        }
    }

    private static int covers(ClusteredEstimate.Estimate e, double truth) {
        return e.ciLow() <= truth && truth <= e.ciHigh() ? 1 : 0;
    }

    private static double pct(int k) {
        return 100.0 * k / REPLICATIONS;
    }
}
