package dev.stresslab.launcher;

import dev.stresslab.contracts.PromptOrder;
import dev.stresslab.gate.domain.SequentialVerdict;
import dev.stresslab.gate.domain.Verdict;
import dev.stresslab.gate.domain.VerdictRule;
import dev.stresslab.simulator.domain.ModelProfile;
import dev.stresslab.simulator.domain.OutputStyle;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release gate's sequential verdict measured on the simulator (docs/continuous-evaluation.md, "Sequential mode,
 * measured"): how many prompts it needs against the fixed-size suite, and how often it raises a false alarm.
 * <p>
 * Each replication simulates a baseline run and a candidate run of one suite slot by slot with the simulator's own
 * answer policy (ModelProfile: a slot is omitted with the profile's omission probability, otherwise right with its
 * accuracy at that level and position; profiles read from model-simulator's application.properties), pairs them
 * prompt by prompt, feeds the rounds in contracts' interleaved PromptOrder (a fresh seed per replication) to
 * SequentialVerdict with the gate's default rule (stress may not fall by more than 2 points; false-alarm and
 * missed-regression rates 5 %), and records the verdict and the prompts called up to the deciding round.
 * Scenarios: no regression (sim-budgeter against itself), a regression of exactly the tolerated 2 points (the
 * hardest case for a false alarm), a 10-point Stress regression (sim-budgeter with its base accuracy lowered so the
 * expected Stress falls by 10.00 points) and the demo's sim-overthinker. The figures are printed; the test fails
 * when a false-alarm rate is above 5 % plus the Monte-Carlo error, or when the 10-point regression is not found.
 * {@code -Dsim.replications=N} (default 400).
 */
class SequentialVerdictSimulationTest {
    private static final int REPLICATIONS = Integer.getInteger("sim.replications", 400);
    private static final double ALPHA = 0.05;
    private static final VerdictRule RULE = new VerdictRule(VerdictRule.Metric.STRESS, 2.0);

    record SuiteShape(String name, List<Integer> levels, int questions) {
        int prompts() {
            return levels.size() * questions;
        }
    }

    record Scenario(String name, ModelProfile baseline, ModelProfile candidate) {
    }

    record Outcome(Verdict verdict, int prompts) {
    }

    @Test
    void falseAlarmsStayWithinTheRateAndATenPointRegressionStopsEarly() throws IOException {
        Map<String, ModelProfile> profiles = profiles(Path.of("..").toAbsolutePath().normalize()
                .resolve("model-simulator/src/main/resources/application.properties"));
        ModelProfile budgeter = profiles.get("sim-budgeter");
        List<SuiteShape> suites = List.of(new SuiteShape("gsm8k 500 q, levels 1,3,6", List.of(1, 3, 6), 500),
                new SuiteShape("gsm8k all 1319 q, levels 1,3,6,9,12", List.of(1, 3, 6, 9, 12), 1319));
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "sequential verdict on the simulator: rule '%s', false alarm %.2f, missed regression %.2f, %d replications%n",
                RULE.describe(), ALPHA, ALPHA, REPLICATIONS));
        report.append(String.format(Locale.ROOT, "%-36s %-30s %9s %11s %8s %13s %9s %9s %9s %9s%n", "suite", "scenario",
                "true diff", "REGRESSION", "PASS", "INCONCLUSIVE", "prompts", "median", "p90", "fixed"));
        List<String> failures = new ArrayList<>();
        for (SuiteShape suite : suites) {
            List<Integer> stressed = suite.levels().stream().filter(l -> l > 1).toList();
            List<Scenario> scenarios = List.of(
                    new Scenario("no regression (budgeter)", budgeter, budgeter),
                    new Scenario("regression of exactly 2 pt", budgeter, shifted(budgeter, stressed, -2.0)),
                    new Scenario("regression of 10 pt", budgeter, shifted(budgeter, stressed, -10.0)),
                    new Scenario("sim-overthinker", budgeter, profiles.get("sim-overthinker")));
            for (Scenario scenario : scenarios) {
                double trueDiff = 100 * (stress(scenario.candidate(), stressed) - stress(scenario.baseline(), stressed));
                Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
                int[] prompts = new int[REPLICATIONS];
                SplittableRandom seeds = new SplittableRandom(suite.prompts() * 31L + scenario.name().hashCode());
                for (int rep = 0; rep < REPLICATIONS; rep++) {
                    Outcome o = replicate(suite, scenario, seeds.split());
                    verdicts.merge(o.verdict(), 1, Integer::sum);
                    prompts[rep] = o.prompts();
                }
                Arrays.sort(prompts);
                double mean = Arrays.stream(prompts).average().orElse(0);
                double regression = share(verdicts, Verdict.REGRESSION);
                report.append(String.format(Locale.ROOT, "%-36s %-30s %+8.2f %10.1f%% %7.1f%% %12.1f%% %9.0f %9d %9d %9d%n",
                        suite.name(), scenario.name(), trueDiff, 100 * regression, 100 * share(verdicts, Verdict.PASS),
                        100 * share(verdicts, Verdict.INCONCLUSIVE), mean, prompts[REPLICATIONS / 2],
                        prompts[(int) Math.ceil(0.9 * REPLICATIONS) - 1], suite.prompts()));
                // one-sided 95 % Monte-Carlo allowance above the promised rate
                double allowance = ALPHA + 1.645 * Math.sqrt(ALPHA * (1 - ALPHA) / REPLICATIONS);
                if (trueDiff >= -2.0 - 1e-9 && regression > allowance) {
                    failures.add(suite.name() + " / " + scenario.name() + ": false alarms " + regression);
                }
                if (trueDiff <= -10.0 + 1e-9 && (regression < 0.95 || mean >= suite.prompts())) {
                    failures.add(suite.name() + " / " + scenario.name() + ": found in " + regression + ", mean prompts " + mean);
                }
            }
        }
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/sequential-simulation.txt"), report);
        assertTrue(failures.isEmpty(), failures + "\n" + report);
    }

    /** One baseline run and one candidate run, paired per prompt, read in the interleaved order until decided. */
    private static Outcome replicate(SuiteShape suite, Scenario scenario, SplittableRandom rnd) {
        Map<Integer, double[]> base = new HashMap<>();
        Map<Integer, double[]> candidate = new HashMap<>();
        for (int level : suite.levels()) {
            base.put(level, shares(scenario.baseline(), level, suite.questions(), rnd));
            candidate.put(level, shares(scenario.candidate(), level, suite.questions(), rnd));
        }
        List<PromptOrder.Key> order = PromptOrder.interleaved(suite.levels(), suite.questions(), 1, rnd.nextLong());
        List<Map<Integer, Double>> rounds = new ArrayList<>(suite.questions());
        for (int r = 0; r < suite.questions(); r++) {
            Map<Integer, Double> round = new HashMap<>();
            for (PromptOrder.Key k : order.subList(r * suite.levels().size(), (r + 1) * suite.levels().size())) {
                round.put(k.level(), candidate.get(k.level())[k.groupIndex()] - base.get(k.level())[k.groupIndex()]);
            }
            rounds.add(round);
        }
        SequentialVerdict.Check check = new SequentialVerdict.Check(RULE.metric().key(), RULE.weights(suite.levels()),
                RULE.maxDrop(), ALPHA, ALPHA);
        SequentialVerdict.Result result = SequentialVerdict.decide(List.of(check), rounds, rounds.size());
        return new Outcome(result.verdict(), result.rounds() * suite.levels().size());
    }

    /** Each prompt's share of right slots at one level: the simulator's per-slot omission and accuracy draws. */
    private static double[] shares(ModelProfile p, int level, int prompts, SplittableRandom rnd) {
        double[] out = new double[prompts];
        for (int g = 0; g < prompts; g++) {
            int right = 0;
            for (int position = 1; position <= level; position++) {
                boolean omitted = rnd.nextDouble() < p.omissionProbability(level, position);
                right += !omitted && rnd.nextDouble() < p.accuracy(level, position) ? 1 : 0;
            }
            out[g] = (double) right / level;
        }
        return out;
    }

    /** REST's Stress the profile is expected to score (a fraction): the mean over the stressed levels. */
    static double stress(ModelProfile p, List<Integer> stressed) {
        double sum = 0;
        for (int level : stressed) {
            double levelSum = 0;
            for (int position = 1; position <= level; position++) {
                levelSum += (1 - p.omissionProbability(level, position)) * p.accuracy(level, position);
            }
            sum += levelSum / level;
        }
        return sum / stressed.size();
    }

    /** The profile with its base accuracy moved so its expected Stress moves by {@code points} (bisection). */
    static ModelProfile shifted(ModelProfile p, List<Integer> stressed, double points) {
        double target = stress(p, stressed) + points / 100;
        double lo = -1;
        double hi = 1;
        for (int i = 0; i < 80; i++) {
            double mid = (lo + hi) / 2;
            if (stress(withBase(p, p.baseAccuracy() + mid), stressed) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return withBase(p, p.baseAccuracy() + (lo + hi) / 2);
    }

    private static ModelProfile withBase(ModelProfile p, double base) {
        return new ModelProfile(p.id() + "-shifted", p.ownedBy(), p.style(), base, p.slopeLevel(), p.slopePosition(),
                p.minAccuracy(), p.maxAccuracy(), p.reasoningTokens(), p.effortDecay(), p.firstQuestionGrowth(),
                p.tokenJitter(), p.wrongAnswerTokenFactor(), p.omissionPerLevel(), p.omissionMax(), p.defaultMaxTokens(),
                p.contextLength());
    }

    private static double share(Map<Verdict, Integer> counts, Verdict v) {
        return counts.getOrDefault(v, 0) / (double) REPLICATIONS;
    }

    /** The simulator's profiles as it configures them (SimulatorConfig's defaults for keys a profile leaves out). */
    static Map<String, ModelProfile> profiles(Path properties) throws IOException {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(properties)) {
            props.load(r);
        }
        Map<String, ModelProfile> out = new HashMap<>();
        for (String id : List.of("sim-budgeter", "sim-overthinker")) {
            String k = "simulator.models." + id + ".";
            out.put(id, new ModelProfile(id, "stress-lab", OutputStyle.parse(props.getProperty(k + "style", "reasoning-content")),
                    d(props, k + "base-accuracy", 0.9), d(props, k + "slope-level", 0.01), d(props, k + "slope-position", 0.005),
                    d(props, k + "min-accuracy", 0.02), d(props, k + "max-accuracy", 0.99),
                    (int) d(props, k + "reasoning-tokens", 2000), d(props, k + "effort-decay", 0),
                    d(props, k + "first-question-growth", 0), d(props, k + "token-jitter", 0.25),
                    d(props, k + "wrong-answer-token-factor", 1.3), d(props, k + "omission-per-level", 0),
                    d(props, k + "omission-max", 0.3), 32768, 131072));
        }
        return out;
    }

    private static double d(Properties p, String key, double dflt) {
        String v = p.getProperty(key);
        return v == null ? dflt : Double.parseDouble(v.strip());
    }
}
