package dev.stresslab.simulator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything under {@code simulator.*} (docs/simulator.md lists every key). */
@ConfigMapping(prefix = "simulator")
public interface SimulatorConfig {

    /** Directory laid out like REST's data/ folder; benchmarks missing there are skipped. Env SIMULATOR_DATASETS_DIR. */
    @WithDefault("../shared/datasets")
    String datasetsDir();

    /** Benchmarks to load (default: every benchmark the catalog knows). */
    Optional<List<String>> benchmarks();

    /** Behaviour profiles by model id (the request's {@code model}). */
    Map<String, ModelConfig> models();

    Faults faults();

    Latency latency();

    Output output();

    Capacity capacity();

    /** How many requests the simulated server answers at once, and what happens to the rest. */
    interface Capacity {
        /** Requests answered at once (counted from admission to the response's end); 0 = unlimited. */
        @WithDefault("0")
        int maxConcurrent();

        /** {@code reject}: answer 429 with Retry-After at once; {@code queue}: wait for a free slot (latency grows). */
        @WithDefault("reject")
        String overflow();
    }

    interface ModelConfig {
        @WithDefault("stress-lab")
        String ownedBy();

        /**
         * {@code solver} (default): answers stress prompts; {@code extractor}: REST's GPQA LLM answer extractor, answers
         * {@code Answer to Qk: \\boxed{X}} / {@code \\boxed{None}} from the output it is given
         * ({@link dev.stresslab.simulator.domain.ExtractorAnswers}).
         */
        @WithDefault("solver")
        String role();

        /** reasoning-content | think-tags | think-close-only | hidden */
        @WithDefault("reasoning-content")
        String style();

        @WithDefault("0.9")
        double baseAccuracy();

        @WithDefault("0.01")
        double slopeLevel();

        @WithDefault("0.005")
        double slopePosition();

        @WithDefault("0.02")
        double minAccuracy();

        @WithDefault("0.99")
        double maxAccuracy();

        /** Mean reasoning tokens for one question at level 1. */
        @WithDefault("2000")
        int reasoningTokens();

        /** Per-question tokens scale with level^(-effort-decay): > 0 means adaptive effort. */
        @WithDefault("0.0")
        double effortDecay();

        /** Q1's tokens grow by this factor per extra question: > 0 means over-thinking the first question. */
        @WithDefault("0.0")
        double firstQuestionGrowth();

        @WithDefault("0.25")
        double tokenJitter();

        @WithDefault("1.3")
        double wrongAnswerTokenFactor();

        @WithDefault("0.0")
        double omissionPerLevel();

        @WithDefault("0.3")
        double omissionMax();

        @WithDefault("32768")
        int defaultMaxTokens();

        @WithDefault("131072")
        int contextLength();
    }

    interface Faults {
        @WithName("rate-429")
        @WithDefault("0")
        double rate429();

        @WithName("rate-500")
        @WithDefault("0")
        double rate500();

        @WithDefault("0")
        double rateMalformed();

        @WithDefault("0")
        double rateHang();

        @WithDefault("0")
        double rateDrop();

        @WithDefault("2")
        int retryAfterSeconds();

        /** How long a hung request stays silent before its connection is closed. */
        @WithDefault("600000")
        long hangMs();
    }

    interface Latency {
        /** Mean delay before the response (or the first streamed chunk). */
        @WithDefault("0")
        long meanMs();

        /** Uniform jitter ± around the mean. */
        @WithDefault("0")
        long jitterMs();

        /** Extra delay per 1000 reported completion tokens (0: latency does not depend on output length). */
        @WithName("ms-per-1k-tokens")
        @WithDefault("0")
        double msPer1kTokens();

        /** Delay between streamed chunks. */
        @WithDefault("0")
        long streamChunkMs();
    }

    interface Output {
        /** Filler words per question's reasoning paragraph (the text is compact; usage reports realistic counts). */
        @WithDefault("24")
        int fillerWordsPerQuestion();

        /**
         * {@code compact} (default): short reasoning paragraphs, realistic counts in usage only. {@code proportional}:
         * about one word of reasoning text per reported token, so a token attribution can be checked against the
         * ground truth each response carries.
         */
        @WithDefault("compact")
        String text();

        /**
         * Write what fools a naive reader into the reasoning: a preamble and a recap, variables named like labels,
         * self-check boxes, two questions swapped (docs/simulator.md, "Ground truth and confounders").
         */
        @WithDefault("false")
        boolean confounders();

        /** Approximate characters per streamed delta. */
        @WithDefault("64")
        int streamChunkChars();
    }
}
