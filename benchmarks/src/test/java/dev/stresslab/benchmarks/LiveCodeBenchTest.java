package dev.stresslab.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.contracts.AnswerKind;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.DeflaterOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LiveCodeBench loader on the shared fixture (rows in the real format, REST's derived fields as golden files). */
class LiveCodeBenchTest {
    static final Path FIXTURE = Path.of(System.getProperty("stresslab.datasets", "../../shared/datasets"))
            .resolve("livecodebench");
    static final ObjectMapper JSON = new ObjectMapper();
    static final LiveCodeBench.DateWindow EVERYTHING = LiveCodeBench.DateWindow.of("2000-01-01", "2100-01-01");

    @Test
    void restsWindowKeepsTenRowsInFileOrderBothBoundsInclusiveAsDateTimes() {
        List<LiveCodeBenchProblem> problems = LiveCodeBench.load(FIXTURE, LiveCodeBench.DateWindow.REST_V5);
        assertEquals(List.of("fxa101_a", "fxa101_b", "9901_A", "9902_B", "fxa102_a", "9001", "9002", "9003", "9005", "9006"),
                problems.stream().map(LiveCodeBenchProblem::questionId).toList());
        // 2025-02-01T00:00:00 is kept (9006), 2025-02-01T12:30:00 is not (9004), 2024-07-27 is not (fxa099_a)
        Benchmark b = BenchmarkCatalog.load("livecodebench", FIXTURE.getParent());
        assertEquals(AnswerKind.CODE, b.kind());
        assertEquals(10, b.size());
        assertEquals(List.of(1, 2, 3, 4, 5), b.defaultLevels());
        assertEquals("9001", b.questions().get(5).gold());
    }

    @Test
    void theWindowIsConfigurable() {
        assertEquals(12, LiveCodeBench.load(FIXTURE, EVERYTHING).size());
        List<LiveCodeBenchProblem> january = LiveCodeBench.load(FIXTURE,
                LiveCodeBench.DateWindow.of("2025-01-01", "2025-02-01T12:30:00"));
        assertEquals(List.of("9003", "9004", "9005", "9006"), january.stream().map(LiveCodeBenchProblem::questionId).toList());
    }

    @Test
    void testsAndFunctionNamesGiveRestsEvaluationSampleByteForByte() throws IOException {
        Map<String, String> rest = Files.readAllLines(Path.of("src/test/resources/livecodebench/rest-evaluation-samples.jsonl"))
                .stream().map(this::tree).collect(Collectors.toMap(n -> n.get("question_id").asText(),
                        n -> n.get("evaluation_sample").asText()));
        List<LiveCodeBenchProblem> all = LiveCodeBench.load(FIXTURE, EVERYTHING);
        assertEquals(12, rest.size());
        for (LiveCodeBenchProblem p : all) {
            assertEquals(rest.get(p.questionId()), p.evaluationSample(), p.questionId());
            assertEquals(5, p.tests().size(), "2 public then 3 private tests");
        }
        LiveCodeBenchProblem pickled3 = all.stream().filter(p -> p.questionId().equals("9005")).findFirst().orElseThrow();
        assertEquals("pairsWithSum", pickled3.fnName());
        assertNull(all.get(0).fnName());
    }

    @Test
    void formatPromptsAreRestsIncludingTheStarterCodesTrailingSpaces() {
        List<LiveCodeBenchProblem> all = LiveCodeBench.load(FIXTURE, LiveCodeBench.DateWindow.REST_V5);
        assertEquals("### Format: Read the inputs from stdin solve the problem and write the answer to stdout (do not "
                + "directly test on the sample inputs). Enclose your code within delimiters as follows.\n```python\n"
                + "# YOUR CODE HERE\n```\n\n", all.get(0).formatPrompt());
        assertTrue(all.get(5).formatPrompt().startsWith("### Format: You will use the following starter code to write "
                + "the solution to the problem and enclose your code within delimiters.\n```python\nclass Solution:\n"));
        assertTrue(all.get(5).formatPrompt().endsWith(":\n        \n```\n\n"));
    }

    @Test
    void pickleDecoderAcceptsOnlyASingleString() {
        // protocol 2 style: PROTO 2, BINUNICODE 'X' u32 "ab", BINPUT 0, STOP
        byte[] ok = {(byte) 0x80, 2, 'X', 2, 0, 0, 0, 'a', 'b', 'q', 0, '.'};
        assertEquals("ab", PickledString.decode(ok));
        // pickle.dumps(os.system) style: GLOBAL 'c' opcode - refused, never resolved
        byte[] global = "cposix\nsystem\n.".getBytes(StandardCharsets.US_ASCII);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PickledString.decode(global));
        assertTrue(e.getMessage().contains("opcode 0x63 at byte 0 is not allowed"), e.getMessage());
        byte[] two = {(byte) 0x80, 4, (byte) 0x8c, 1, 'a', (byte) 0x8c, 1, 'b', '.'};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PickledString.decode(two)).getMessage()
                .contains("more than one string"));
        byte[] trailing = {(byte) 0x80, 4, (byte) 0x8c, 1, 'a', '.', 'x'};
        assertThrows(IllegalArgumentException.class, () -> PickledString.decode(trailing));
        byte[] runsPast = {(byte) 0x80, 4, (byte) 0x8c, 9, 'a', '.'};
        assertThrows(IllegalArgumentException.class, () -> PickledString.decode(runsPast));
    }

    @Test
    void aRowWithAHostilePickleFailsTheLoadNamingLineAndFieldEvenOutsideTheWindow(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(FIXTURE.resolve("test.jsonl"));
        ObjectNode row = (ObjectNode) tree(lines.get(3)); // fxa099_a, outside REST's window
        row.put("private_test_cases", packed("cbuiltins\neval\n(S'1'\ntR.".getBytes(StandardCharsets.US_ASCII)));
        lines.set(3, JSON.writeValueAsString(row));
        Files.write(dir.resolve("test.jsonl"), lines);
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class,
                () -> LiveCodeBench.load(dir, LiveCodeBench.DateWindow.REST_V5));
        assertEquals(4, e.line());
        assertEquals("private_test_cases", e.field());
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
    }

    @Test
    void zoneAwareDatesAndMissingColumnsArePerRowErrors(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(FIXTURE.resolve("test.jsonl"));
        ObjectNode row = (ObjectNode) tree(lines.get(1));
        row.put("contest_date", "2024-08-10T12:00:00+00:00");
        Files.write(dir.resolve("test.jsonl"), List.of(lines.get(0), JSON.writeValueAsString(row)));
        assertEquals("contest_date", assertThrows(BenchmarkFormatException.class,
                () -> LiveCodeBench.load(dir, EVERYTHING)).field());
        row = (ObjectNode) tree(lines.get(1));
        row.remove("metadata");
        Files.write(dir.resolve("test.jsonl"), List.of(JSON.writeValueAsString(row)));
        assertEquals("metadata", assertThrows(BenchmarkFormatException.class,
                () -> LiveCodeBench.load(dir, EVERYTHING)).field());
    }

    @Test
    void parquetRowsReadLikeJsonLines(@TempDir Path dir) throws IOException {
        StringBuilder schema = new StringBuilder("message lcb {\n");
        for (String c : LiveCodeBenchProblem.COLUMNS) {
            schema.append("  required binary ").append(c).append(" (STRING);\n");
        }
        MessageType type = MessageTypeParser.parseMessageType(schema.append("}").toString());
        List<String> lines = Files.readAllLines(FIXTURE.resolve("test.jsonl"));
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(dir.resolve("test.parquet")))
                .withType(type).withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
            for (String line : lines) {
                JsonNode n = tree(line);
                Group g = groups.newGroup();
                for (String c : LiveCodeBenchProblem.COLUMNS) {
                    g.append(c, n.get(c).asText());
                }
                w.write(g);
            }
        }
        List<LiveCodeBenchProblem> fromParquet = LiveCodeBench.load(dir, LiveCodeBench.DateWindow.REST_V5);
        assertEquals(LiveCodeBench.load(FIXTURE, LiveCodeBench.DateWindow.REST_V5), fromParquet);
    }

    private JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String packed(byte[] pickle) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(pickle);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
