package dev.stresslab.launcher;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.Usage;
import dev.stresslab.scorer.domain.TokenAttributor;
import dev.stresslab.scorer.parse.OutputParser;
import dev.stresslab.scorer.parse.ParsedOutput;
import dev.stresslab.simulator.domain.KnownQuestion;
import dev.stresslab.simulator.domain.ModelProfile;
import dev.stresslab.simulator.domain.OutputStyle;
import dev.stresslab.simulator.domain.QuestionBank;
import dev.stresslab.simulator.domain.QuestionOutcome;
import dev.stresslab.simulator.domain.ReasoningSimulator;
import dev.stresslab.simulator.domain.SimulatedCompletion;
import dev.stresslab.simulator.domain.TextOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scorer's token attribution measured against the simulator's ground truth (docs/metrics.md, "Token
 * attribution"): the simulator writes reasoning about one word per reported token, with confounders (a preamble and a
 * recap, variables named like labels, self-check boxes, two questions worked and answered swapped), and says how
 * many reasoning tokens it spent on each question and on none. Per output, the attribution error is the share of
 * reasoning tokens put in the wrong bucket: sum over the positions and the unattributed bucket of |attributed - true|,
 * over twice the reasoning tokens. The figures are printed; the test fails above the bounds documented.
 */
class TokenAttributionAccuracyTest {
    static final double MEAN_ERROR_BOUND = 0.01;
    static final double P95_ERROR_BOUND = 0.02;
    private static final int QUESTIONS = 40;
    private static final int SEEDS = 60;
    private static final int[] LEVELS = {1, 2, 3, 5, 9};
    private static final OutputStyle[] STYLES = {OutputStyle.THINK_TAGS, OutputStyle.REASONING_CONTENT,
            OutputStyle.THINK_CLOSE_ONLY};

    /** A model that spends much on question 1, drops questions under stress and is cut now and then. */
    private static final ModelProfile PROFILE = new ModelProfile("sim-attribution", "t", OutputStyle.THINK_TAGS,
            0.8, 0.02, 0.01, 0.1, 0.95, 1500, 0.4, 0.5, 0.6, 1.3, 0.03, 0.2, 32768, 131072);

    @Test
    void attributionErrorAgainstTheSimulatorsGroundTruth() {
        List<KnownQuestion> bank = new ArrayList<>();
        for (int i = 0; i < QUESTIONS; i++) {
            bank.add(new KnownQuestion("sim", "q" + i, "What is " + i + " plus " + (17 * i % 23) + "?",
                    String.valueOf(i + 17 * i % 23), AnswerKind.MATH));
        }
        ReasoningSimulator sim = new ReasoningSimulator(QuestionBank.of(bank), 24, TextOptions.REALISTIC);
        List<Double> errors = new ArrayList<>();
        double[] firstAbs = new double[2]; // sum |attributed - true| at position 1, sum of true
        int unattributable = 0;
        for (int level : LEVELS) {
            for (int seed = 0; seed < SEEDS; seed++) {
                OutputStyle style = STYLES[seed % STYLES.length];
                int maxTokens = seed % 5 == 4 ? 3000 * level : 32768; // one output in five is cut
                String prompt = prompt(bank, seed, level);
                SimulatedCompletion c = sim.simulate(PROFILE, style, prompt, seed, 0, maxTokens);
                ParsedOutput parsed = OutputParser.parse(c.content(), c.reasoning(), c.finishReason().wire(), level,
                        AnswerKind.MATH);
                TokenAttributor.Attribution a = TokenAttributor.attribute(parsed,
                        new Usage(100, c.completionTokens(), c.reasoningTokens()));
                if (c.reasoningTokens() == 0) {
                    continue;
                }
                if (a.reasoningTokens().contains(null)) {
                    unattributable++;
                    errors.add(1.0);
                    continue;
                }
                double wrong = Math.abs(a.unattributedReasoning() - c.unattributedReasoningTokens());
                for (QuestionOutcome q : c.questions()) {
                    wrong += Math.abs(a.reasoningTokens().get(q.position() - 1) - q.reasoningTokens());
                }
                errors.add(wrong / (2.0 * c.reasoningTokens()));
                QuestionOutcome first = c.questions().get(0);
                firstAbs[0] += Math.abs(a.reasoningTokens().get(0) - first.reasoningTokens());
                firstAbs[1] += first.reasoningTokens();
            }
        }
        double[] sorted = errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
        double p95 = sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
        double max = sorted[sorted.length - 1];
        System.out.printf(Locale.ROOT, "token attribution vs simulator ground truth: %d outputs (levels %s, 3 styles,"
                        + " 1 in 5 cut), misattributed share of reasoning tokens: mean %.2f %%, p95 %.2f %%, max %.2f %%;"
                        + " position 1: mean absolute error %.2f %% of its tokens; unattributable outputs %d%n",
                sorted.length, Arrays.toString(LEVELS), 100 * mean, 100 * p95, 100 * max,
                100 * firstAbs[0] / firstAbs[1], unattributable);
        assertEquals(0, unattributable, "every simulated output has labels to attribute by");
        assertTrue(mean <= MEAN_ERROR_BOUND, "mean attribution error " + mean);
        assertTrue(p95 <= P95_ERROR_BOUND, "95th percentile attribution error " + p95);
    }

    /** REST's math prompt for the group of {@code level} questions starting after {@code index} (cyclic, as REST). */
    private static String prompt(List<KnownQuestion> bank, int index, int level) {
        StringBuilder b = new StringBuilder();
        for (int j = 1; j <= level; j++) {
            KnownQuestion q = bank.get((index + (j == level ? 0 : j)) % bank.size());
            b.append("Q").append(j).append(": ").append(q.text()).append("\n\n");
        }
        return b.append("\nAnswer the above questions one by one. Remember to put your final answer within \\boxed{}.")
                .toString();
    }
}
