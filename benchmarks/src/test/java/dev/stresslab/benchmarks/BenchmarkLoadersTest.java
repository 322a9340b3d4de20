package dev.stresslab.benchmarks;

import dev.stresslab.contracts.AnswerKind;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkLoadersTest {

    static Path fixture(String name) {
        try {
            return Path.of(BenchmarkLoadersTest.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    static Benchmark known(String name, String file) {
        return BenchmarkCatalog.load(BenchmarkCatalog.entry(name).orElseThrow(), fixture(file));
    }

    @Test
    void gsm8kGoldIsTextAfterMarkerWithoutCommasAndQuestionTextIsUntouched() {
        Benchmark b = known("gsm8k", "gsm8k-small.jsonl");
        assertEquals("gsm8k", b.name());
        assertEquals(AnswerKind.MATH, b.kind());
        assertEquals(List.of(1, 3, 6, 9, 12), b.defaultLevels());
        assertEquals(3, b.size());
        assertEquals(List.of("gsm8k-0", "gsm8k-1", "gsm8k-2"), b.questions().stream().map(Question::id).toList());
        assertEquals(List.of("5", "1234", "-7"), b.questions().stream().map(Question::gold).toList());
        assertEquals("  Leading spaces kept.\n", b.questions().get(2).text());
    }

    @Test
    void gsm8kWithoutMarkerNamesFileLineAndField() {
        Path file = fixture("gsm8k-no-marker.jsonl");
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class,
                () -> BenchmarkCatalog.load(BenchmarkCatalog.entry("gsm8k").orElseThrow(), file));
        assertEquals(file, e.file());
        assertEquals(2, e.line());
        assertEquals("answer", e.field());
        assertEquals(file + ":2 field 'answer': no '#### ' marker before the final answer", e.getMessage());
    }

    @Test
    void brokenJsonLineIsReportedWithItsLine() {
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class, () -> known("gsm8k", "gsm8k-bad-json.jsonl"));
        assertEquals(3, e.line());
        assertNull(e.field());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void math500ReadsProblemAndAnswerInFileOrder() {
        Benchmark b = known("math500", "math500-small.json");
        assertEquals(List.of("math500-0", "math500-1"), b.questions().stream().map(Question::id).toList());
        assertEquals("Compute $\\frac{1}{2}+\\frac{1}{2}$.", b.questions().get(0).text());
        assertEquals("\\left( 3, \\frac{\\pi}{2} \\right)", b.questions().get(1).gold());
    }

    @Test
    void math500KeepsEachQuestionsSubjectAndLevelAndOtherBenchmarksHaveNone() {
        Benchmark b = known("math500", "math500-small.json");
        assertEquals(List.of("Algebra", "Precalculus"), b.questions().stream().map(Question::subject).toList());
        assertEquals(List.of(1, 2), b.questions().stream().map(Question::difficultyLevel).toList());
        Question gsm = known("gsm8k", "gsm8k-small.jsonl").questions().get(0);
        assertNull(gsm.subject());
        assertNull(gsm.difficultyLevel());
    }

    @Test
    void math500LevelMayBeWrittenAsInTheOriginalMathAndAnythingElseIsAFormatError(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path file = dir.resolve("test_prm800k_500.json");
        java.nio.file.Files.writeString(file, "{\"0\": {\"problem\": \"p\", \"answer\": \"1\", \"level\": \"Level 4\"}}");
        Question q = BenchmarkCatalog.load(BenchmarkCatalog.entry("math500").orElseThrow(), file).questions().get(0);
        assertEquals(4, q.difficultyLevel());
        assertNull(q.subject(), "no subject in the record");
        java.nio.file.Files.writeString(file, "{\"0\": {\"problem\": \"p\", \"answer\": \"1\",\n \"level\": \"hard\"}}");
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class,
                () -> BenchmarkCatalog.load(BenchmarkCatalog.entry("math500").orElseThrow(), file));
        assertEquals("level", e.field());
        assertTrue(e.getMessage().contains("expected a MATH level (3 or \"Level 3\"), found '\"hard\"'"), e.getMessage());
    }

    @Test
    void math500WrongTypeNamesTheRecordLine() {
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class, () -> known("math500", "math500-bad-answer.json"));
        assertEquals(6, e.line());
        assertEquals("answer", e.field());
        assertTrue(e.getMessage().endsWith("expected a string or a number, found array"), e.getMessage());
    }

    @Test
    void aime2024KeepsTheNewlinesOfOriginPrompt() {
        Benchmark b = known("aime2024", "aime2024-small.jsonl");
        assertEquals("\nFind $1+1$.\n", b.questions().get(0).text());
        assertEquals(List.of("2", "4"), b.questions().stream().map(Question::gold).toList());
        assertEquals(List.of("aime2024-0", "aime2024-1"), b.questions().stream().map(Question::id).toList());
    }

    @Test
    void aime2025ReadsQuestionAndAnswer() {
        Benchmark b = known("aime2025", "aime2025-small.jsonl");
        assertEquals("Find $3+3$.", b.questions().get(0).text());
        assertEquals("8", b.questions().get(1).gold());
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class,
                () -> known("aime2025", "aime2025-gold_answer-only.jsonl"));
        assertEquals(1, e.line());
        assertEquals("answer", e.field());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void amc23GoldIsTheNumberAsPythonPrintsIt() {
        Benchmark b = known("amc23", "amc23-small.jsonl");
        assertEquals(List.of("27.0", "3159.0", "0.5", "12"), b.questions().stream().map(Question::gold).toList());
    }

    @Test
    void gpqaRotatesOptionsByRowAndKeepsTextIntact() {
        Benchmark b = known("gpqa-diamond", "gpqa-small.csv");
        assertEquals(AnswerKind.CHOICE, b.kind());
        assertEquals(4, b.size());
        // k=1 BCDA, k=2 CDAB, k=3 DABC, k=4 ABCD: the correct option lands on D, C, B, A.
        assertEquals(List.of("D", "C", "B", "A"), b.questions().stream().map(Question::gold).toList());
        assertEquals("What is $\\vec{A}\\cdot\\vec{B}$ when they are orthogonal?\n\n"
                + "A) wrong1a\nB) wrong1b \nC) wrong1c\nD) right1", b.questions().get(0).text());
        assertEquals("Line one of a question,\nwith a comma and \"quotes\" on line two.\n\n\n"
                + "A) wrong2b \nB) wrong2c\nC) right2\nD) wrong2a", b.questions().get(1).text());
        assertEquals(" Question three (leading space kept)\n\n"
                + "A) wrong3c\nB) right3\nC) wrong3a\nD) wrong3b ", b.questions().get(2).text());
        assertEquals("Question four\n\nA) right4\nB) wrong4a\nC) wrong4b \nD) wrong4c", b.questions().get(3).text());
        assertEquals("gpqa-diamond-3", b.questions().get(3).id());
    }

    @Test
    void gpqaShortRowNamesItsStartingLine() {
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class, () -> known("gpqa-diamond", "gpqa-short-row.csv"));
        assertEquals(3, e.line());
        assertEquals("Incorrect Answer 1", e.field());
    }

    @Test
    void missingFileIsAFormatException() {
        Path nowhere = Path.of("/nonexistent/gsm8k.jsonl");
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class,
                () -> BenchmarkCatalog.load(BenchmarkCatalog.entry("gsm8k").orElseThrow(), nowhere));
        assertEquals(0, e.line());
        assertTrue(e.getMessage().startsWith("/nonexistent/gsm8k.jsonl: file not found"), e.getMessage());
    }

    @Test
    void catalogKnowsNamesAliasesLevelsAndSamples() {
        assertEquals(List.of("aime2024", "aime2025", "amc23", "gpqa-diamond", "gsm8k", "livecodebench", "math500"), BenchmarkCatalog.names());
        assertEquals("aime2024", BenchmarkCatalog.entry("AIME24").orElseThrow().name());
        assertEquals("gpqa-diamond", BenchmarkCatalog.entry("gpqa").orElseThrow().name());
        assertTrue(BenchmarkCatalog.entry("nope").isEmpty());
        assertEquals(List.of(1, 3, 5, 7, 9), BenchmarkCatalog.defaultLevels("math500"));
        assertEquals(List.of(1, 2, 3, 4, 5), BenchmarkCatalog.defaultLevels("gpqa-diamond"));
        assertEquals(8, BenchmarkCatalog.entry("amc23").orElseThrow().paperSamples());
        assertEquals(1, BenchmarkCatalog.entry("gsm8k").orElseThrow().paperSamples());
        assertThrows(IllegalArgumentException.class, () -> BenchmarkCatalog.load("nope", Path.of(".")));
    }

    // ---------------------------------------------------------------- user files

    @Test
    void userJsonlWithIdFieldAndGsm8kStyleGold() {
        UserFileMapping m = new UserFileMapping("prompt", "solution", "uid", AnswerKind.MATH, GoldTransform.parse("after-####"));
        Benchmark b = BenchmarkCatalog.loadUserFile("mine", fixture("user-problems.jsonl"), m);
        assertEquals("mine", b.name());
        assertEquals(List.of("p-1", "p-2"), b.questions().stream().map(Question::id).toList());
        assertEquals(List.of("42", "1234"), b.questions().stream().map(Question::gold).toList());
        assertEquals("What is 6 times 7?", b.questions().get(0).text());
        assertEquals(BenchmarkCatalog.USER_FILE_LEVELS, b.defaultLevels());
    }

    @Test
    void userJsonArrayWithNumericGolds() {
        UserFileMapping m = new UserFileMapping("q", "a", null, AnswerKind.MATH, GoldTransform.NONE);
        Benchmark b = BenchmarkCatalog.loadUserFile("arr", fixture("user-array.json"), m, List.of(1, 2));
        assertEquals(List.of("arr-0", "arr-1", "arr-2"), b.questions().stream().map(Question::id).toList());
        assertEquals(List.of("1", "4", "0.5"), b.questions().stream().map(Question::gold).toList());
        assertEquals(List.of(1, 2), b.defaultLevels());
    }

    @Test
    void userJsonArrayMissingFieldNamesTheRecordLineAndNothingIsReturned() {
        Path file = fixture("user-array-missing.json");
        UserFileMapping m = new UserFileMapping("q", "a", null, AnswerKind.MATH, GoldTransform.NONE);
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class, () -> BenchmarkCatalog.loadUserFile("x", file, m));
        assertEquals(10, e.line());
        assertEquals("a", e.field());
        assertEquals(file + ":10 field 'a': missing (record has fields [q])", e.getMessage());
    }

    @Test
    void userChoiceGoldMustBeALetter() {
        UserFileMapping m = new UserFileMapping("question", "letter", null, AnswerKind.CHOICE, GoldTransform.NONE);
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class,
                () -> BenchmarkCatalog.loadUserFile("c", fixture("user-choice.jsonl"), m));
        assertEquals(2, e.line());
        assertEquals("letter", e.field());
    }

    @Test
    void duplicateIdsAreRejected() {
        UserFileMapping m = new UserFileMapping("question", "answer", "id", AnswerKind.MATH, GoldTransform.NONE);
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class,
                () -> BenchmarkCatalog.loadUserFile("d", fixture("user-dup-ids.jsonl"), m));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("duplicate question id '7'"), e.getMessage());
    }

    @Test
    void goldTransformNoMatchIsReported() {
        UserFileMapping m = new UserFileMapping("q", "a", null, AnswerKind.MATH, GoldTransform.LAST_BOXED);
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class,
                () -> BenchmarkCatalog.loadUserFile("x", fixture("user-array.json"), m));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("gold transform 'last-boxed' found no answer"), e.getMessage());
    }

    @Test
    void formatDetection() {
        assertEquals(UserFileFormat.JSON, UserFileFormat.detect(fixture("math500-small.json")));
        assertEquals(UserFileFormat.JSON, UserFileFormat.detect(fixture("user-array.json")));
        assertEquals(UserFileFormat.JSONL, UserFileFormat.detect(fixture("user-problems.jsonl")));
        assertThrows(IllegalArgumentException.class, () -> GoldTransform.parse("sideways"));
        assertEquals(GoldTransform.AFTER_HASHES, GoldTransform.parse("after-####"));
    }

    @Test
    void lastBoxedFollowsTheReference() {
        assertEquals("2", LatexBoxes.lastBoxedContent("a \\boxed{1} b \\boxed{2}."));
        assertEquals("\\frac{1}{2}", LatexBoxes.lastBoxedContent("$\\boxed{\\frac{1}{2}}$"));
        assertNull(LatexBoxes.lastBoxedContent("no box"));
        assertNull(LatexBoxes.lastBoxedContent("\\boxed{open"));
        assertNull(LatexBoxes.lastBoxedContent("\\fbox{3}"));
    }
}
