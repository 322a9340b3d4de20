package dev.stresslab.composer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PromptsCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MATH_TAIL = "Answer the above questions one by one. Remember to put your final answer within \\boxed{}.";
    static final Path DATASETS = Path.of(System.getProperty("stresslab.datasets", "/work/shared/datasets"));

    record Result(int code, String out, String err) {
        List<JsonNode> lines() {
            List<JsonNode> nodes = new ArrayList<>();
            for (String l : out.split("\n")) {
                if (!l.isEmpty()) {
                    try {
                        nodes.add(JSON.readTree(l));
                    } catch (IOException e) {
                        throw new AssertionError("not JSON: " + l, e);
                    }
                }
            }
            return nodes;
        }
    }

    static Result runWithStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PromptsCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result run(String... args) {
        return runWithStdin("", args);
    }

    static Path gsm8k(Path dir) throws IOException {
        Path file = dir.resolve("gsm8k.jsonl");
        Files.writeString(file, """
                {"question": "Janet has 3 ducks. How many ducks?", "answer": "She has 3.\\n#### 3"}
                {"question": "A house costs $1,000 plus $250. Total?", "answer": "1000+250\\n#### 1,250"}
                {"question": "What is 2 \\u00d7 5?", "answer": "#### 10"}
                {"question": "What is 9-1?", "answer": "#### 8"}
                """);
        return file;
    }

    @Test
    void writesOneLinePerPromptWithExactlyTheDocumentedFields(@TempDir Path dir) throws IOException {
        Result r = run("--benchmark", "gsm8k", "--file", gsm8k(dir).toString(), "--levels", "1,3");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<JsonNode> lines = r.lines();
        assertEquals(8, lines.size());
        String first = r.out().split("\n")[0];
        assertEquals("{\"benchmark\":\"gsm8k\",\"level\":1,\"index\":0,\"questionIds\":[\"gsm8k-0\"],\"goldAnswers\":[\"3\"],"
                + "\"system\":null,\"user\":\"Q1: Janet has 3 ducks. How many ducks?\\n\\n\\n" + MATH_TAIL.replace("\\", "\\\\")
                + "\"}", first);
        JsonNode p = lines.get(4 + 1); // level 3, index 1
        assertEquals(List.of("benchmark", "level", "index", "questionIds", "goldAnswers", "system", "user"), fieldNames(p));
        assertEquals(3, p.get("level").intValue());
        assertEquals(1, p.get("index").intValue());
        assertEquals("[\"gsm8k-2\",\"gsm8k-3\",\"gsm8k-1\"]", p.get("questionIds").toString());
        assertEquals("[\"10\",\"8\",\"1250\"]", p.get("goldAnswers").toString());
        assertTrue(p.get("system").isNull());
        assertEquals("Q1: What is 2 \u00d7 5?\n\nQ2: What is 9-1?\n\nQ3: A house costs $1,000 plus $250. Total?\n\n\n" + MATH_TAIL,
                p.get("user").textValue());
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void limitAndSystemPrompt(@TempDir Path dir) throws IOException {
        Result r = run("--benchmark", "gsm8k", "--file", gsm8k(dir).toString(), "--levels", "2", "--limit", "3",
                "--system", "detailed thinking on");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = r.lines();
        assertEquals(3, lines.size());
        assertEquals("detailed thinking on", lines.get(2).get("system").textValue());
        // grouping wraps around within the 3 selected questions
        assertEquals("[\"gsm8k-0\",\"gsm8k-2\"]", lines.get(2).get("questionIds").toString());
    }

    @Test
    void hardFirstOrdersEachPromptByAReferenceRunsResultsFile(@TempDir Path dir) throws IOException {
        // analytics' results.jsonl: gsm8k-3 always right, gsm8k-0 half, gsm8k-1 and -2 never; a failed call is left out
        Path results = dir.resolve("run-ref-results.jsonl");
        Files.writeString(results, """
                {"promptId":"p0","questionId":"gsm8k-0","position":1,"level":1,"correct":true,"failure":null}
                {"promptId":"p1","questionId":"gsm8k-0","position":2,"level":2,"correct":false,"failure":null}
                {"promptId":"p2","questionId":"gsm8k-1","position":1,"level":1,"correct":false,"failure":null}
                {"promptId":"p3","questionId":"gsm8k-2","position":1,"level":1,"correct":false,"failure":null}
                {"promptId":"p4","questionId":"gsm8k-3","position":1,"level":1,"correct":true,"failure":null}
                {"promptId":"p5","questionId":"gsm8k-3","position":1,"level":1,"correct":false,"failure":"timeout"}
                """);
        Result r = run("--benchmark", "gsm8k", "--file", gsm8k(dir).toString(), "--levels", "3",
                "--question-order", "hard-first", "--difficulty-from", results.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = r.lines();
        // REST's prompt 0 is [1, 2, 0] and prompt 1 is [2, 3, 1]; hardest first, ties (1 and 2 at 0 %) in REST's order
        assertEquals("[\"gsm8k-1\",\"gsm8k-2\",\"gsm8k-0\"]", lines.get(0).get("questionIds").toString());
        assertEquals("[\"gsm8k-2\",\"gsm8k-1\",\"gsm8k-3\"]", lines.get(1).get("questionIds").toString());
        assertTrue(lines.get(1).get("user").textValue().startsWith("Q1: What is 2 \u00d7 5?\n\nQ2: A house costs"),
                lines.get(1).get("user").textValue());

        Result easy = run("--benchmark", "gsm8k", "--file", gsm8k(dir).toString(), "--levels", "3",
                "--question-order", "easy-first", "--difficulty-from", results.toString());
        assertEquals("[\"gsm8k-3\",\"gsm8k-2\",\"gsm8k-1\"]", easy.lines().get(1).get("questionIds").toString());
    }

    @Test
    void explicitIdsAndNemotronDefault(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("aime.jsonl");
        Files.writeString(file, "{\"origin_prompt\":\"\\nP0\\n\",\"gold_answer\":\"1\"}\n{\"origin_prompt\":\"\\nP1\\n\",\"gold_answer\":\"2\"}\n"
                + "{\"origin_prompt\":\"\\nP2\\n\",\"gold_answer\":\"3\"}\n");
        Result r = run("--benchmark", "aime24", "--file", file.toString(), "--ids", "aime2024-2,aime2024-0",
                "--model", "nvidia/Nemotron-Nano-8B");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = r.lines();
        assertEquals(4, lines.size()); // default levels 1..5 that fit 2 questions: 1, 2
        assertEquals("aime2024", lines.get(0).get("benchmark").textValue());
        assertEquals("detailed thinking on", lines.get(0).get("system").textValue());
        assertEquals("[\"aime2024-0\",\"aime2024-2\"]", lines.get(2).get("questionIds").toString());
        assertEquals("Q1: \nP0\n\n\nQ2: \nP2\n\n\n\n" + MATH_TAIL, lines.get(2).get("user").textValue());
    }

    @Test
    void userFileWithFieldMapping(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, "[{\"uid\":\"a\",\"prompt\":\"Pick\\n\\nA) 1\\nB) 2\\nC) 3\\nD) 4\",\"key\":\"C\"}]");
        Result r = run("--benchmark", "quiz", "--file", file.toString(), "--question-field", "prompt", "--answer-field",
                "key", "--id-field", "uid", "--kind", "choice", "--levels", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode p = r.lines().get(0);
        assertEquals("quiz", p.get("benchmark").textValue());
        assertEquals("[\"a\"]", p.get("questionIds").toString());
        assertEquals("[\"C\"]", p.get("goldAnswers").toString());
        assertTrue(p.get("user").textValue().startsWith("Answer the following multiple choice question one by one."));
        assertTrue(p.get("user").textValue().contains("\n\nQ1: Pick\n\nA) 1\nB) 2\nC) 3\nD) 4\n\n\n\nAnswer the above"));
    }

    @Test
    void stdinFile() {
        Result r = runWithStdin("{\"question\":\"q\",\"answer\":\"#### 1\"}\n", "--benchmark", "gsm8k", "--file", "-", "--levels", "1");
        assertEquals(0, r.code(), r.err());
        assertEquals("[\"1\"]", r.lines().get(0).get("goldAnswers").toString());
    }

    @Test
    void malformedFileExitsOneWithTheFormatMessageAndNoOutput(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"question\":\"q\",\"answer\":\"#### 1\"}\n{\"question\":\"q2\",\"answer\":\"no marker\"}\n");
        Result r = run("--benchmark", "gsm8k", "--file", file.toString(), "--levels", "1");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals(file + ":2 field 'answer': no '#### ' marker before the final answer\n", r.err());

        Result missing = run("--benchmark", "gsm8k", "--datasets-dir", dir.resolve("nowhere").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("gsm8k/test.jsonl: file not found"), missing.err());

        Path user = dir.resolve("user.jsonl");
        Files.writeString(user, "{\"q\":\"x\"}\n");
        Result noField = run("--benchmark", "mine", "--file", user.toString(), "--question-field", "q");
        assertEquals(1, noField.code());
        assertEquals(user + ":1 field 'answer': missing (record has fields [q])\n", noField.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--benchmark gsm8k|missing --file or --datasets-dir",
            "--file x.jsonl|missing --benchmark",
            "--benchmark gsm8k --file F --levels 1,x|--levels needs whole numbers of at least 1, was 'x'",
            "--benchmark gsm8k --file F --levels 0|--levels needs whole numbers of at least 1, was '0'",
            "--benchmark gsm8k --file F --levels 5|stress level 5 is larger than the 4 questions selected from gsm8k",
            "--benchmark gsm8k --file F --bogus 1|unknown option --bogus",
            "--benchmark gsm8k --file F --limit|--limit needs a value",
            "--benchmark gsm8k --file F --limit 2 --ids gsm8k-0|give either limit or questionIds, not both",
            "--benchmark gsm8k --file F --ids gsm8k-7|unknown question ids in gsm8k: [gsm8k-7]",
            "--benchmark gsm8k --file F --question-order easy-first|questionOrder easy-first needs difficultyFrom: the id of a reference run whose per-question accuracy ranks the questions",
            "--benchmark mystery --datasets-dir D|unknown benchmark 'mystery' (known: [aime2024, aime2025, amc23, gpqa-diamond, gsm8k, livecodebench, math500]); a user file needs --file",
            "--benchmark gsm8k --file F --kind essay|--kind must be math or choice, was 'essay'",
            "--benchmark gsm8k --file F --gold-transform x|unknown gold transform 'x'; known: none, after-####, last-boxed",
    })
    void badUsageExitsTwoWithUsage(String argLine, String message, @TempDir Path dir) throws IOException {
        String file = gsm8k(dir).toString();
        String[] args = argLine.replace(" F", " " + file).replace(" D", " " + dir).split(" ");
        Result r = run(args);
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("prompts: " + message + "\nusage: prompts --benchmark NAME"), r.err());
    }

    @Test
    void helpGoesToOut() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("usage: prompts"));
    }

    /**
     * Every prompt of every default level of the real benchmarks, compared by SHA-256 with the user messages produced
     * by REST's own merge_math/merge_gpqa and templates (Python, opendatalab/REST 12c6bf3) over the same files, minus
     * the GPQA placeholder-substitution bug.
     */
    @ParameterizedTest
    @CsvSource({
            "gsm8k, 6595, 081c6d687dd65a860f52271049321defc3ae7a70f768f08c9748f4551b33846a",
            "math500, 2500, 8d3785f30dfb539328fbf41540f221fe5ef93bf54f9fb30e72c49daef7ab0e18",
            "aime2024, 150, f7b8f1650f7dab061e55b86622aeaf5af8bd8bcb189b3164701485b6c8c5461c",
            "aime2025, 150, 9f29f73544f31c53e378218a895fd361a26a1f58ac29b8a7a884872fd7d9b30a",
            "amc23, 200, 2b3863e3a29739832a38bc83fb700772a5015038a2938ebd56618f89923232fa",
            "gpqa-diamond, 990, 3b40fe40fe69d5477d6e66220d4f754c674fadc80f82e6739d2d3684bd6e941e",
    })
    void realBenchmarksMatchTheReferencePrompts(String name, int count, String digest) throws Exception {
        assumeTrue(Files.isDirectory(DATASETS), "no datasets at " + DATASETS);
        Result r = run("--benchmark", name, "--datasets-dir", DATASETS.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = r.lines();
        assertEquals(count, lines.size());
        List<String> users = lines.stream().map(n -> n.get("user").textValue()).toList();
        byte[] d = MessageDigest.getInstance("SHA-256").digest(String.join("\u0000", users).getBytes(StandardCharsets.UTF_8));
        assertEquals(digest, HexFormat.of().formatHex(d));
        for (JsonNode n : lines) {
            assertEquals(n.get("level").intValue(), n.get("questionIds").size());
            assertEquals(n.get("level").intValue(), n.get("goldAnswers").size());
        }
    }
}
