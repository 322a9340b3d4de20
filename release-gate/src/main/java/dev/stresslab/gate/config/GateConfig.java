package dev.stresslab.gate.config;

import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.gate.domain.Suite;
import dev.stresslab.gate.domain.VerdictRule;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The release gate's configuration: its suites ({@code gate.suites.<name>.*}) and the base-URL allow-list. */
@ConfigMapping(prefix = "gate")
public interface GateConfig {

    Map<String, SuiteConfig> suites();

    /**
     * Host patterns a deployment event's base URL must match to be registered in the gateway (contracts'
     * EndpointUrlAllowList: {@code *.models.internal}, {@code 127.0.0.1:*}). Unset: events with a base URL are refused.
     */
    Optional<List<String>> allowedBaseUrls();

    /** How often running evaluations are checked on analytics. */
    @WithDefault("PT2S")
    Duration followEvery();

    /** An evaluation whose runs have not finished after this long is closed as INCONCLUSIVE (reason: timeout). */
    @WithDefault("PT12H")
    Duration runTimeout();

    /**
     * A run still STARTING this long after it was claimed is started by the next check: the gate died between
     * storing the evaluation and calling the composer (on a restart, or on another replica).
     */
    @WithDefault("PT5M")
    Duration startGrace();

    interface SuiteConfig {
        /** Bump when the suite's content changes: verdicts and baselines record it. */
        @WithDefault("1")
        int version();

        Optional<String> description();

        List<String> benchmarks();

        /** Stress levels; unset: REST's levels for each benchmark (the composer's default). */
        Optional<List<Integer>> levels();

        /** The first N questions of each benchmark; unset with no question-ids: all. */
        Optional<Integer> limit();

        Optional<List<String>> questionIds();

        @WithDefault("1")
        int samples();

        @WithDefault("0.6")
        double temperature();

        @WithDefault("0.95")
        double topP();

        @WithDefault("32768")
        int maxTokens();

        Optional<Long> seed();

        /** Sent as the run's systemPrompt; unset: the composer's rule for the model. */
        Optional<String> systemPrompt();

        /** Endpoint ids (patterns with *) whose deployments start this suite; unset: none (schedule or API only). */
        Optional<List<String>> endpoints();

        /** Quartz cron expression (e.g. {@code 0 0 2 * * ?}, nightly at 02:00) re-evaluating scheduled-endpoints. */
        Optional<String> schedule();

        Optional<List<String>> scheduledEndpoints();

        /** The headline metric the verdict is taken on: single, stress or drop. */
        @WithDefault("stress")
        VerdictRule.Metric gateMetric();

        /** Points the metric may fall (drop: grow) by, at 95 %, before it is a regression. */
        @WithDefault("2.0")
        double maxDrop();

        /**
         * Per-level checks: {@code level-max-drop.<level>=<points>}, the points that level's accuracy may fall by
         * (judged like the headline, reported per level; any failing check is a REGRESSION).
         */
        Map<Integer, Double> levelMaxDrop();

        /** Sequential mode: verdict as paired results arrive (anytime-valid), early stop once decided. */
        @WithDefault("false")
        boolean sequential();

        /** Sequential mode: P(REGRESSION although the metric fell by at most max-drop). */
        @WithDefault("0.05")
        double falseAlarm();

        /** Sequential mode: P(PASS although the metric fell by more than max-drop). */
        @WithDefault("0.05")
        double missedRegression();

        /** Sequential mode: the seed of the prompts' interleaved order; unset, one is drawn per run. */
        Optional<Long> orderSeed();
    }

    /** The suites as domain objects, by name. */
    default Map<String, Suite> suiteCatalog() {
        Map<String, Suite> out = new TreeMap<>();
        suites().forEach((name, s) -> out.put(name, new Suite(name, s.version(), s.description().orElse(""), s.benchmarks(),
                s.levels().orElse(null), s.limit().orElse(null), s.questionIds().orElse(null), s.samples(),
                new GenerationSettings(s.temperature(), s.topP(), s.maxTokens(), s.seed().orElse(null)),
                s.systemPrompt().filter(p -> !p.isBlank()).orElse(null), s.endpoints().orElse(List.of()), s.schedule(),
                s.scheduledEndpoints().orElse(List.of()), new VerdictRule(s.gateMetric(), s.maxDrop()), s.levelMaxDrop(),
                s.sequential() ? new Suite.Sequential(s.falseAlarm(), s.missedRegression(), s.orderSeed().orElse(null)) : null)));
        return out;
    }
}
