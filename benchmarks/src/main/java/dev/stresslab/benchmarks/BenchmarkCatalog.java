package dev.stresslab.benchmarks;

import dev.stresslab.contracts.AnswerKind;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmarks REST defines, where their files sit inside a datasets directory laid out like REST's {@code data/}
 * folder (opendatalab/REST at commit 12c6bf3), their default stress levels and the samples per prompt the paper used
 * (rest-method.md section 4), and a loader for user files with a field mapping.
 */
public final class BenchmarkCatalog {

    /** Stress levels used for user files unless the caller names others. */
    public static final List<Integer> USER_FILE_LEVELS = List.of(1, 2, 3, 4, 5);

    /**
     * A known benchmark.
     *
     * @param paperSamples samples per prompt in the paper (accuracy averaged over them); GPQA's is "as configured",
     *                     given here as 1
     * @param questionField the field (or CSV column) the question text comes from
     * @param goldSource    how the gold answer is obtained, for documentation and usage texts
     */
    public record Entry(String name, String relativePath, AnswerKind kind, List<Integer> defaultLevels, int paperSamples,
                        String questionField, String goldSource) {
        public Entry {
            defaultLevels = List.copyOf(defaultLevels);
        }

        public Entry(String name, String relativePath, AnswerKind kind, List<Integer> defaultLevels) {
            this(name, relativePath, kind, defaultLevels, 1, "question", "answer");
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add(new Entry("gsm8k", "gsm8k/test.jsonl", AnswerKind.MATH, List.of(1, 3, 6, 9, 12), 1,
                "question", "answer: text after '#### ', commas removed"));
        add(new Entry("math500", "math500/test_prm800k_500.json", AnswerKind.MATH, List.of(1, 3, 5, 7, 9), 1,
                "problem", "answer (equals the last \\boxed{} of solution)"));
        add(new Entry("aime2024", "aime2024/test.jsonl", AnswerKind.MATH, List.of(1, 2, 3, 4, 5), 8,
                "origin_prompt", "gold_answer"));
        add(new Entry("aime2025", "aime2025/test.jsonl", AnswerKind.MATH, List.of(1, 2, 3, 4, 5), 8,
                "question", "answer"));
        add(new Entry("amc23", "amc23/test.jsonl", AnswerKind.MATH, List.of(1, 3, 5, 7, 9), 8,
                "question", "answer: a number printed as Python prints it (27.0)"));
        add(new Entry("gpqa-diamond", "gpqa/gpqa_diamond.csv", AnswerKind.CHOICE, List.of(1, 2, 3, 4, 5), 1,
                "Question (column 8) + rotated options", "letter where Correct Answer (column 9) landed"));
        add(new Entry(LiveCodeBench.NAME, "livecodebench/test.jsonl", AnswerKind.CODE, List.of(1, 2, 3, 4, 5), 1,
                "question_content + format_prompt", "the problem's tests, run by code-runner (docs/code.md)"));
    }

    private static final Map<String, String> ALIASES = Map.of(
            "gsm8k-test", "gsm8k", "math-500", "math500", "aime24", "aime2024", "aime25", "aime2025",
            "amc2023", "amc23", "gpqa", "gpqa-diamond", "gpqa_diamond", "gpqa-diamond", "lcb", "livecodebench",
            "livecodebench-v5", "livecodebench");

    private static void add(Entry e) {
        ENTRIES.put(e.name(), e);
    }

    private BenchmarkCatalog() {
    }

    /** The entry for a name (canonical, or an alias such as {@code aime24}, {@code gpqa}; case-insensitive). */
    public static Optional<Entry> entry(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(ENTRIES.get(ALIASES.getOrDefault(key, key)));
    }

    /** Canonical names, sorted. */
    public static List<String> names() {
        return ENTRIES.keySet().stream().sorted().toList();
    }

    /** REST's stress levels for a known benchmark. */
    public static List<Integer> defaultLevels(String name) {
        return require(name).defaultLevels();
    }

    /** Loads a known benchmark from {@code datasetsDir} (REST's data/ layout). */
    public static Benchmark load(String name, Path datasetsDir) {
        Entry e = require(name);
        return load(e, datasetsDir.resolve(e.relativePath()));
    }

    /** Loads a known benchmark's format from any file. */
    public static Benchmark load(Entry e, Path file) {
        if (e.name().equals(LiveCodeBench.NAME)) {
            return loadLiveCodeBench(file, LiveCodeBench.DateWindow.REST_V5);
        }
        List<Question> questions = BenchmarkLoaders.read(e.name(), file);
        return new Benchmark(e.name(), e.kind(), questions, e.defaultLevels());
    }

    /**
     * LiveCodeBench from its release files: {@code path} is the release's directory, its {@code test.jsonl} (then the
     * directory's test2..test5 are read too) or any other single file; rows outside {@code window} are dropped.
     */
    public static Benchmark loadLiveCodeBench(Path path, LiveCodeBench.DateWindow window) {
        Path source = path.getFileName() != null && path.getFileName().toString().equals("test.jsonl")
                && path.getParent() != null ? path.getParent() : path;
        return LiveCodeBench.benchmark(LiveCodeBench.load(source, window), require(LiveCodeBench.NAME).defaultLevels());
    }

    /**
     * Loads a user's file (JSONL, JSON array or object of records, Parquet if supported) through a field mapping.
     * Question ids are the id field's values or {@code <name>-<record position from 0>}.
     */
    public static Benchmark loadUserFile(String name, Path file, UserFileMapping mapping, List<Integer> defaultLevels) {
        List<Question> questions = BenchmarkLoaders.readUser(name, file, mapping);
        return new Benchmark(name, mapping.kind(), questions, defaultLevels == null ? USER_FILE_LEVELS : defaultLevels);
    }

    public static Benchmark loadUserFile(String name, Path file, UserFileMapping mapping) {
        return loadUserFile(name, file, mapping, USER_FILE_LEVELS);
    }

    private static Entry require(String name) {
        return entry(name).orElseThrow(() -> new IllegalArgumentException("unknown benchmark '" + name + "'; known: " + names()));
    }
}
