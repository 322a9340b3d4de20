package dev.stresslab.launcher;

import dev.stresslab.benchmarks.BenchmarkCatalog;
import dev.stresslab.benchmarks.BenchmarkFormatException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which directory of benchmark files (REST's {@code data/} layout) the demo and the bench read, and why.
 * <p>
 * Order: {@code --datasets DIR}; else {@code STRESSLAB_DATASETS}; else the full data {@code fetch-data} downloaded
 * ({@code <repo>/.stress-lab/datasets}); else {@code ../shared/datasets} beside the checkout (the project machines have
 * it); else the sample shipped in {@code datasets/sample}, so a fresh clone runs without any download.
 *
 * @param dir    absolute and normalised
 * @param source why this directory was chosen
 */
record DatasetsDirectory(Path dir, Source source) {

    /** Where {@code fetch-data} writes by default, relative to the repository root. */
    static final String DOWNLOADED = ".stress-lab/datasets";
    /** The two-benchmark sample committed to the repository, relative to its root. */
    static final String SAMPLE = "datasets/sample";
    /** The project machines' full copy, relative to the repository root. */
    static final String SHARED = "../shared/datasets";

    enum Source {
        FLAG("--datasets"),
        ENVIRONMENT("STRESSLAB_DATASETS"),
        DOWNLOADED("downloaded by ./stress-lab fetch-data"),
        SHARED("../shared/datasets beside the checkout"),
        SAMPLE("the sample shipped in datasets/sample: the first 50 questions of GSM8K and of MATH500");

        final String label;

        Source(String label) {
            this.label = label;
        }
    }

    /**
     * Picks the directory. {@code flag} and {@code environment} may be null or blank. A directory named by the flag or
     * the environment is used as given (it is checked by {@link #problem()}); the downloaded and shared directories
     * count only when they hold at least one catalogued benchmark file, so an empty or half-created folder does not
     * hide the sample.
     */
    static DatasetsDirectory resolve(String flag, String environment, Path home) {
        if (flag != null && !flag.isBlank()) {
            return new DatasetsDirectory(absolute(Path.of(flag)), Source.FLAG);
        }
        if (environment != null && !environment.isBlank()) {
            return new DatasetsDirectory(absolute(Path.of(environment)), Source.ENVIRONMENT);
        }
        for (Source candidate : List.of(Source.DOWNLOADED, Source.SHARED)) {
            Path dir = absolute(home.resolve(candidate == Source.DOWNLOADED ? DOWNLOADED : SHARED));
            if (holdsAnyBenchmark(dir)) {
                return new DatasetsDirectory(dir, candidate);
            }
        }
        return new DatasetsDirectory(absolute(home.resolve(SAMPLE)), Source.SAMPLE);
    }

    /** What the demo prints before it starts: the directory, why, and with the sample how to get everything. */
    List<String> describe() {
        String line = "datasets: " + dir + " (" + source.label + ")";
        return source == Source.SAMPLE
                ? List.of(line, "  for the full benchmarks (all of GSM8K and MATH500, AIME 2024/2025, AMC 2023, GPQA Diamond) "
                + "run ./stress-lab fetch-data once")
                : List.of(line);
    }

    /** Why the directory cannot be used at all, if so. */
    Optional<String> problem() {
        if (Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return Optional.of("no datasets directory at " + dir + " (" + source.label + "): pass --datasets DIR, or run "
                + "./stress-lab fetch-data and leave --datasets out (see README, 'Getting the data')");
    }

    /**
     * Why a catalogued benchmark cannot run from this directory, if its file is missing. Names that are not in the
     * catalog are left to the composer, which may have a file configured for them.
     */
    Optional<String> missing(String benchmark) {
        Optional<BenchmarkCatalog.Entry> entry = BenchmarkCatalog.entry(benchmark);
        if (entry.isEmpty() || Files.isRegularFile(dir.resolve(entry.get().relativePath()))) {
            return Optional.empty();
        }
        String name = entry.get().name();
        String where = "benchmark " + name + " is not in " + dir + " (no " + entry.get().relativePath() + " there)";
        String why = source == Source.SAMPLE ? ": the shipped sample holds gsm8k and math500 only" : "";
        return Optional.of(where + why + ". Run ./stress-lab fetch-data to download all six REST benchmarks into "
                + DOWNLOADED + ", or pass --datasets DIR");
    }

    /**
     * Why {@code --limit} cannot be met from this directory's copy of a catalogued benchmark, if so (the sample has 50
     * questions per benchmark, so {@code --limit 100} would otherwise be refused by the composer only after the whole
     * stack has started). A file that does not load is reported the same way.
     */
    Optional<String> tooFewQuestions(String benchmark, int limit) {
        Optional<BenchmarkCatalog.Entry> entry = BenchmarkCatalog.entry(benchmark);
        if (entry.isEmpty() || !Files.isRegularFile(dir.resolve(entry.get().relativePath()))) {
            return Optional.empty();
        }
        int size;
        try {
            size = BenchmarkCatalog.load(entry.get().name(), dir).size();
        } catch (BenchmarkFormatException e) {
            return Optional.of("cannot read benchmark " + entry.get().name() + " from " + dir + ": " + e.getMessage());
        }
        if (limit <= size) {
            return Optional.empty();
        }
        String hint = source == Source.SAMPLE ? "; ./stress-lab fetch-data downloads the full benchmarks" : "";
        return Optional.of("--limit " + limit + " is more than the " + size + " questions of " + entry.get().name()
                + " in " + dir + hint);
    }

    /** Whether {@code dir} holds the file of at least one catalogued benchmark. */
    static boolean holdsAnyBenchmark(Path dir) {
        return BenchmarkCatalog.names().stream()
                .map(name -> dir.resolve(BenchmarkCatalog.entry(name).orElseThrow().relativePath()))
                .anyMatch(Files::isRegularFile);
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
