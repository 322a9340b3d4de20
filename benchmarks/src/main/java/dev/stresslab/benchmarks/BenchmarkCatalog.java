package dev.stresslab.benchmarks;

import dev.stresslab.contracts.AnswerKind;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmarks REST defines, where their files sit inside a datasets directory laid out like REST's {@code data/}
 * folder, and their default stress levels (rest-method.md section 4).
 */
public final class BenchmarkCatalog {

    public record Entry(String name, String relativePath, AnswerKind kind, List<Integer> defaultLevels) {
    }

    private static final Map<String, Entry> ENTRIES = Map.of(
            "gsm8k", new Entry("gsm8k", "gsm8k/test.jsonl", AnswerKind.MATH, List.of(1, 3, 6, 9, 12)),
            "math500", new Entry("math500", "math500/test_prm800k_500.json", AnswerKind.MATH, List.of(1, 3, 5, 7, 9)),
            "aime2024", new Entry("aime2024", "aime2024/test.jsonl", AnswerKind.MATH, List.of(1, 2, 3, 4, 5)),
            "aime2025", new Entry("aime2025", "aime2025/test.jsonl", AnswerKind.MATH, List.of(1, 2, 3, 4, 5)),
            "amc23", new Entry("amc23", "amc23/test.jsonl", AnswerKind.MATH, List.of(1, 3, 5, 7, 9)),
            "gpqa-diamond", new Entry("gpqa-diamond", "gpqa/gpqa_diamond.csv", AnswerKind.CHOICE, List.of(1, 2, 3, 4, 5)));

    private BenchmarkCatalog() {
    }

    public static Optional<Entry> entry(String name) {
        return Optional.ofNullable(ENTRIES.get(name));
    }

    public static List<String> names() {
        return ENTRIES.keySet().stream().sorted().toList();
    }

    /** Loads a known benchmark from {@code datasetsDir} (REST's data/ layout). */
    public static Benchmark load(String name, Path datasetsDir) {
        Entry e = entry(name).orElseThrow(() -> new IllegalArgumentException("unknown benchmark '" + name + "'; known: " + names()));
        return load(e, datasetsDir.resolve(e.relativePath()));
    }

    /** Loads a known benchmark's format from any file. */
    public static Benchmark load(Entry e, Path file) {
        List<Question> questions = BenchmarkLoaders.read(e.name(), file);
        return new Benchmark(e.name(), e.kind(), questions, e.defaultLevels());
    }
}
