package dev.stresslab.simulator.config;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.BenchmarkCatalog;
import dev.stresslab.benchmarks.Question;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.simulator.domain.CapacityGate;
import dev.stresslab.simulator.domain.FaultRates;
import dev.stresslab.simulator.domain.CodeAnswers;
import dev.stresslab.simulator.domain.KnownQuestion;
import dev.stresslab.simulator.domain.ModelProfile;
import dev.stresslab.simulator.domain.OutputStyle;
import dev.stresslab.simulator.domain.QuestionBank;
import dev.stresslab.simulator.domain.ReasoningSimulator;
import dev.stresslab.simulator.domain.TextOptions;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Built once at startup: the question bank, the model profiles and the fault rates from {@link SimulatorConfig}. */
@Startup
@ApplicationScoped
public class SimulatorRuntime {
    private static final Logger LOG = Logger.getLogger(SimulatorRuntime.class);

    private final SimulatorConfig config;
    private final ReasoningSimulator simulator;
    private final Map<String, ModelProfile> profiles;
    private final FaultRates faultRates;
    private final CapacityGate capacity;
    private final long createdEpochSeconds = System.currentTimeMillis() / 1000;

    public SimulatorRuntime(SimulatorConfig config) {
        this.config = config;
        this.profiles = Collections.unmodifiableMap(profiles(config));
        this.faultRates = new FaultRates(config.faults().rate429(), config.faults().rate500(),
                config.faults().rateMalformed(), config.faults().rateHang(), config.faults().rateDrop());
        this.capacity = new CapacityGate(config.capacity().maxConcurrent(), CapacityGate.Overflow.parse(config.capacity().overflow()));
        this.simulator = new ReasoningSimulator(loadBank(config), config.output().fillerWordsPerQuestion(),
                new TextOptions(textMode(config.output().text()), config.output().confounders()));
        LOG.infof("model simulator ready: models %s, %d known questions %s", profiles.keySet(),
                simulator.bank().size(), simulator.bank().counts());
    }

    private static boolean textMode(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "compact" -> false;
            case "proportional" -> true;
            default -> throw new IllegalArgumentException("simulator.output.text must be compact or proportional, not "
                    + text);
        };
    }

    static QuestionBank loadBank(SimulatorConfig config) {
        Path dir = Path.of(config.datasetsDir());
        List<KnownQuestion> all = new ArrayList<>();
        for (String name : config.benchmarks().orElse(BenchmarkCatalog.names())) {
            try {
                Benchmark b = BenchmarkCatalog.load(name.strip(), dir);
                Map<String, String> references = b.kind() == AnswerKind.CODE
                        ? CodeAnswers.references(dir.resolve("livecodebench/reference-solutions.jsonl")) : Map.of();
                for (Question q : b.questions()) {
                    if (q.kind() == AnswerKind.CODE) {
                        all.addAll(CodeAnswers.known(b.name(), q.id(), q.text(), references));
                        continue;
                    }
                    all.add(new KnownQuestion(b.name(), q.id(), q.text(), q.gold(), q.kind()));
                }
            } catch (RuntimeException e) {
                LOG.warnf("benchmark %s skipped (datasets dir %s): %s", name, dir.toAbsolutePath().normalize(), e.getMessage());
            }
        }
        return QuestionBank.of(all);
    }

    static Map<String, ModelProfile> profiles(SimulatorConfig config) {
        Map<String, ModelProfile> out = new LinkedHashMap<>();
        config.models().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            SimulatorConfig.ModelConfig m = e.getValue();
            out.put(e.getKey(), new ModelProfile(e.getKey(), m.ownedBy(), OutputStyle.parse(m.style()),
                    m.baseAccuracy(), m.slopeLevel(), m.slopePosition(), m.minAccuracy(), m.maxAccuracy(),
                    m.reasoningTokens(), m.effortDecay(), m.firstQuestionGrowth(), m.tokenJitter(),
                    m.wrongAnswerTokenFactor(), m.omissionPerLevel(), m.omissionMax(), m.defaultMaxTokens(),
                    m.contextLength()));
        });
        if (out.isEmpty()) {
            throw new IllegalStateException("no simulator.models.<id>.* configured");
        }
        return out;
    }

    public Optional<ModelProfile> profile(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    public Map<String, ModelProfile> profiles() {
        return profiles;
    }

    public ReasoningSimulator simulator() {
        return simulator;
    }

    public FaultRates faultRates() {
        return faultRates;
    }

    public CapacityGate capacity() {
        return capacity;
    }

    public SimulatorConfig config() {
        return config;
    }

    public long createdEpochSeconds() {
        return createdEpochSeconds;
    }
}
