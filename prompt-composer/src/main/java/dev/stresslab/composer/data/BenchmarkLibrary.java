package dev.stresslab.composer.data;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.BenchmarkCatalog;
import dev.stresslab.benchmarks.GoldTransform;
import dev.stresslab.benchmarks.LiveCodeBench;
import dev.stresslab.benchmarks.UserFileMapping;
import dev.stresslab.composer.config.ComposerConfig;
import dev.stresslab.contracts.AnswerKind;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Loads each benchmark once, from the configured datasets directory or a per-benchmark file override. */
@ApplicationScoped
public class BenchmarkLibrary {
    private final ComposerConfig config;
    private final Map<String, Benchmark> loaded = new ConcurrentHashMap<>();

    public BenchmarkLibrary(ComposerConfig config) {
        this.config = config;
    }

    /** Empty for an unknown benchmark name; a file that cannot be read throws BenchmarkFormatException. */
    public Optional<Benchmark> find(String name) {
        ComposerConfig.UserBenchmark user = config.userBenchmarks().get(name);
        if (user != null) {
            return Optional.of(loaded.computeIfAbsent(name, n -> loadUserBenchmark(n, user)));
        }
        Optional<BenchmarkCatalog.Entry> entry = BenchmarkCatalog.entry(name);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        // computeIfAbsent would cache nothing on failure, which is what we want: a fixed file is re-read.
        return Optional.of(loaded.computeIfAbsent(name, n -> {
            String override = config.files().get(n);
            Path file = override != null ? Path.of(override) : Path.of(config.datasetsDir()).resolve(entry.get().relativePath());
            if (n.equals(LiveCodeBench.NAME)) {
                // the date window is shared with code-runner (same setting names)
                return BenchmarkCatalog.loadLiveCodeBench(file, LiveCodeBench.DateWindow.fromSettings(
                        key -> ConfigProvider.getConfig().getOptionalValue(key, String.class)));
            }
            return BenchmarkCatalog.load(entry.get(), file);
        }));
    }

    /** Every benchmark a run may name: REST's and the configured user benchmarks. */
    public List<String> names() {
        List<String> names = new ArrayList<>(BenchmarkCatalog.names());
        names.addAll(new TreeSet<>(config.userBenchmarks().keySet()));
        return names;
    }

    private static Benchmark loadUserBenchmark(String name, ComposerConfig.UserBenchmark user) {
        UserFileMapping mapping = new UserFileMapping(user.questionField(), user.answerField(), user.idField().orElse(null),
                AnswerKind.fromJson(user.kind()), GoldTransform.parse(user.goldTransform()));
        return user.levels().isPresent()
                ? BenchmarkCatalog.loadUserFile(name, Path.of(user.file()), mapping, user.levels().get())
                : BenchmarkCatalog.loadUserFile(name, Path.of(user.file()), mapping);
    }
}
