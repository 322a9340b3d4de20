package dev.stresslab.coderunner.data;

import dev.stresslab.benchmarks.CodeTest;
import dev.stresslab.benchmarks.LiveCodeBench;
import dev.stresslab.benchmarks.LiveCodeBenchProblem;
import dev.stresslab.coderunner.config.CodeRunnerConfig;
import dev.stresslab.coderunner.domain.CodeTests;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests of every LiveCodeBench problem in the configured release and date window, by question id, loaded once
 * from the datasets directory (code jobs carry question ids, not tests). A load failure is kept and reported per job.
 */
@ApplicationScoped
public class ProblemTests {
    private static final Logger LOG = Logger.getLogger(ProblemTests.class);
    private final CodeRunnerConfig config;
    private volatile Map<String, CodeTests> byId;
    private volatile String loadError;

    public ProblemTests(CodeRunnerConfig config) {
        this.config = config;
    }

    /** Tests by question id; empty when the data cannot be read ({@link #loadError()} says why). */
    public synchronized Map<String, CodeTests> all() {
        if (byId == null) {
            Path path = config.livecodebenchPath().map(Path::of)
                    .orElse(Path.of(config.datasetsDir()).resolve(LiveCodeBench.NAME));
            try {
                List<LiveCodeBenchProblem> problems = LiveCodeBench.load(path, LiveCodeBench.DateWindow.fromSettings(
                        key -> ConfigProvider.getConfig().getOptionalValue(key, String.class)));
                Map<String, CodeTests> map = new HashMap<>();
                for (LiveCodeBenchProblem p : problems) {
                    map.put(p.questionId(), new CodeTests(p.questionId(), p.tests().stream().map(CodeTest::input).toList(),
                            p.tests().stream().map(CodeTest::output).toList(), p.fnName()));
                }
                byId = Map.copyOf(map);
                LOG.infof("LiveCodeBench tests of %d problems loaded from %s", map.size(), path.toAbsolutePath().normalize());
            } catch (RuntimeException e) {
                loadError = e.getMessage();
                LOG.errorf("LiveCodeBench tests not loaded from %s: %s", path.toAbsolutePath().normalize(), e.getMessage());
                return Map.of(); // retried on the next job: the data may be mounted later
            }
        }
        return byId;
    }

    public String loadError() {
        return loadError;
    }
}
