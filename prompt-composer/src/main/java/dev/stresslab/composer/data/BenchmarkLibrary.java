package dev.stresslab.composer.data;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.BenchmarkCatalog;
import dev.stresslab.composer.config.ComposerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
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
        Optional<BenchmarkCatalog.Entry> entry = BenchmarkCatalog.entry(name);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        // computeIfAbsent would cache nothing on failure, which is what we want: a fixed file is re-read.
        return Optional.of(loaded.computeIfAbsent(name, n -> {
            String override = config.files().get(n);
            Path file = override != null ? Path.of(override) : Path.of(config.datasetsDir()).resolve(entry.get().relativePath());
            return BenchmarkCatalog.load(entry.get(), file);
        }));
    }
}
