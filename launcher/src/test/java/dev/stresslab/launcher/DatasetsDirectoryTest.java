package dev.stresslab.launcher;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.BenchmarkCatalog;
import dev.stresslab.benchmarks.Question;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The order in which the demo picks its datasets directory, and what it says about it. Each case builds a repository
 * root ({@code <tmp>/repo}) with the candidate directories it needs, so the real machine's {@code ../shared} plays no part.
 */
class DatasetsDirectoryTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path SHARED = REPO.resolve(DatasetsDirectory.SHARED).normalize();

    @TempDir
    Path tmp;

    private Path home() throws IOException {
        return Files.createDirectories(tmp.resolve("repo"));
    }

    /** Creates {@code <dir>/gsm8k/test.jsonl} (content irrelevant: resolution only looks for the file). */
    private static Path withGsm8k(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("gsm8k"));
        Files.writeString(dir.resolve("gsm8k/test.jsonl"), "{}\n");
        return dir;
    }

    @Test
    void theFlagWinsOverTheEnvironmentTheDownloadTheSharedCopyAndTheSample() throws IOException {
        Path home = home();
        withGsm8k(home.resolve(DatasetsDirectory.DOWNLOADED));
        withGsm8k(tmp.resolve("shared/datasets"));
        Path mine = Files.createDirectories(tmp.resolve("mine"));

        DatasetsDirectory chosen = DatasetsDirectory.resolve(mine.toString(), tmp.resolve("env").toString(), home);

        assertEquals(mine, chosen.dir());
        assertEquals(DatasetsDirectory.Source.FLAG, chosen.source());
    }

    @Test
    void theEnvironmentVariableWinsWhenNoFlagIsGiven() throws IOException {
        Path home = home();
        withGsm8k(home.resolve(DatasetsDirectory.DOWNLOADED));

        DatasetsDirectory chosen = DatasetsDirectory.resolve(" ", tmp.resolve("env").toString(), home);

        assertEquals(tmp.resolve("env"), chosen.dir());
        assertEquals(DatasetsDirectory.Source.ENVIRONMENT, chosen.source());
    }

    @Test
    void downloadedDataWinsOverTheSharedCopy() throws IOException {
        Path home = home();
        Path downloaded = withGsm8k(home.resolve(DatasetsDirectory.DOWNLOADED));
        withGsm8k(tmp.resolve("shared/datasets"));

        DatasetsDirectory chosen = DatasetsDirectory.resolve(null, null, home);

        assertEquals(downloaded, chosen.dir());
        assertEquals(DatasetsDirectory.Source.DOWNLOADED, chosen.source());
        assertEquals(1, chosen.describe().size(), "no fetch-data hint once the data is downloaded");
    }

    @Test
    void theSharedCopyBesideTheCheckoutIsUsedWhenNothingWasDownloaded() throws IOException {
        Path home = home();
        Path shared = withGsm8k(tmp.resolve("shared/datasets"));

        DatasetsDirectory chosen = DatasetsDirectory.resolve(null, null, home);

        assertEquals(shared, chosen.dir());
        assertEquals(DatasetsDirectory.Source.SHARED, chosen.source());
    }

    @Test
    void foldersWithoutAnyBenchmarkFileDoNotHideTheSample() throws IOException {
        Path home = home();
        // what an interrupted first fetch-data leaves: the folder, a subfolder, no benchmark file
        Files.createDirectories(home.resolve(DatasetsDirectory.DOWNLOADED).resolve("gsm8k"));
        Files.createDirectories(tmp.resolve("shared/datasets"));

        DatasetsDirectory chosen = DatasetsDirectory.resolve(null, null, home);

        assertEquals(home.resolve(DatasetsDirectory.SAMPLE), chosen.dir());
        assertEquals(DatasetsDirectory.Source.SAMPLE, chosen.source());
    }

    @Test
    void theSampleIsTheLastResortAndTheDemoSaysHowToGetTheFullData() throws IOException {
        DatasetsDirectory chosen = DatasetsDirectory.resolve(null, null, home());

        assertEquals(DatasetsDirectory.Source.SAMPLE, chosen.source());
        List<String> lines = chosen.describe();
        assertTrue(lines.get(0).startsWith("datasets: " + chosen.dir() + " (the sample shipped in datasets/sample"), lines.get(0));
        assertTrue(lines.get(1).contains("./stress-lab fetch-data"), lines.get(1));
    }

    @Test
    void aBenchmarkMissingFromTheSampleIsNamedWithTheDirectoryAndFetchData() throws IOException {
        DatasetsDirectory sample = DatasetsDirectory.resolve(null, null, home());

        String message = sample.missing("aime24").orElseThrow();

        assertTrue(message.startsWith("benchmark aime2024 is not in " + sample.dir() + " (no aime2024/test.jsonl there)"), message);
        assertTrue(message.contains("the shipped sample holds gsm8k and math500 only"), message);
        assertTrue(message.contains("./stress-lab fetch-data"), message);
        assertTrue(sample.missing("unknown-to-the-catalog").isEmpty(), "names outside the catalog are the composer's to judge");
    }

    @Test
    void aDirectoryNamedByTheFlagThatDoesNotExistIsReported() {
        DatasetsDirectory chosen = DatasetsDirectory.resolve(tmp.resolve("nowhere").toString(), null, tmp);

        String problem = chosen.problem().orElseThrow();

        assertTrue(problem.startsWith("no datasets directory at " + tmp.resolve("nowhere") + " (--datasets)"), problem);
    }

    @Test
    void theDemoStopsBeforeStartingAnythingWhenTheBenchmarkIsNotInTheSample() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path sample = REPO.resolve(DatasetsDirectory.SAMPLE);

        int exit = Main.run(new String[]{"demo", "--datasets", sample.toString(), "--benchmark", "amc23"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, out);
        assertTrue(out.contains("benchmark amc23 is not in " + sample + " (no amc23/test.jsonl there)"), out);
        assertFalse(out.contains("starting"), "nothing may be started: " + out);
    }

    @Test
    void aLimitAboveTheSamplesFiftyQuestionsIsRefusedWithFetchDataWhileFiftyIsFine() {
        DatasetsDirectory sample = new DatasetsDirectory(REPO.resolve(DatasetsDirectory.SAMPLE), DatasetsDirectory.Source.SAMPLE);

        assertTrue(sample.tooFewQuestions("gsm8k", 50).isEmpty());
        String message = sample.tooFewQuestions("math500", 51).orElseThrow();

        assertEquals("--limit 51 is more than the 50 questions of math500 in " + sample.dir()
                + "; ./stress-lab fetch-data downloads the full benchmarks", message);
    }

    @Test
    void aBenchmarkFileThatDoesNotLoadIsReportedBeforeTheStackStarts() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("broken/gsm8k")).getParent();
        Files.writeString(dir.resolve("gsm8k/test.jsonl"), "{\"question\": \"q\", \"answer\": \"no marker\"}\n");

        String message = new DatasetsDirectory(dir, DatasetsDirectory.Source.FLAG).tooFewQuestions("gsm8k", 1).orElseThrow();

        assertTrue(message.startsWith("cannot read benchmark gsm8k from " + dir + ": "), message);
        assertTrue(message.contains("no '#### ' marker"), message);
    }

    @Test
    void theRepositorysSampleHoldsFiftyGsm8kAndFiftyMath500QuestionsAndNoOtherBenchmark() {
        Path sample = REPO.resolve(DatasetsDirectory.SAMPLE);

        assertEquals(50, BenchmarkCatalog.load("gsm8k", sample).size());
        assertEquals(50, BenchmarkCatalog.load("math500", sample).size());
        for (String other : List.of("aime2024", "aime2025", "amc23", "gpqa-diamond")) {
            assertFalse(Files.exists(sample.resolve(BenchmarkCatalog.entry(other).orElseThrow().relativePath()).getParent()),
                    other + " must not be shipped");
        }
    }

    @Test
    void theSampleIsTheStartOfRestsFilesWhereTheSharedCopyIsAvailable() throws IOException {
        assumeTrue(Files.isDirectory(SHARED), "needs REST's files in " + SHARED + " (the project machines have them)");
        Path sample = REPO.resolve(DatasetsDirectory.SAMPLE);

        byte[] shipped = Files.readAllBytes(sample.resolve("gsm8k/test.jsonl"));
        byte[] full = Files.readAllBytes(SHARED.resolve("gsm8k/test.jsonl"));
        assertArrayEquals(Arrays.copyOf(full, shipped.length), shipped, "GSM8K sample = the first bytes of REST's file");
        assertEquals('\n', shipped[shipped.length - 1], "the sample ends on a whole line");

        for (String name : List.of("gsm8k", "math500")) {
            List<Question> fullQuestions = BenchmarkCatalog.load(name, SHARED).questions();
            Benchmark shippedBenchmark = BenchmarkCatalog.load(name, sample);
            assertEquals(fullQuestions.subList(0, 50), shippedBenchmark.questions(), name + ": the first 50 questions, unchanged");
        }
    }
}
