package dev.stresslab.simulator.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.Question;
import dev.stresslab.simulator.RestPrompts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator on REST's LiveCodeBench prompts: reference programs when right, wrong programs otherwise. */
class CodeAnswersTest {
    static final Path REST_PROMPTS = Path.of("../prompt-composer/src/test/resources/livecodebench/rest-prompts.jsonl");
    static final Pattern BLOCK = Pattern.compile("```python(.*?)```", Pattern.DOTALL);

    static ReasoningSimulator simulator(Map<String, String> refs) {
        Benchmark b = RestPrompts.benchmark("livecodebench");
        List<KnownQuestion> known = new ArrayList<>();
        for (Question q : b.questions()) {
            known.addAll(CodeAnswers.known(b.name(), q.id(), q.text(), refs));
        }
        return new ReasoningSimulator(QuestionBank.of(known), 10);
    }

    static List<String> blocks(String content) {
        List<String> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(content.substring(content.lastIndexOf("</think>") + 1));
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    @Test
    void aPerfectModelWritesEachSlotsReferenceProgramEvenWhereRestSubstitutedPlaceholders() throws IOException {
        Map<String, String> refs = CodeAnswers.references(RestPrompts.DATASETS.resolve("livecodebench/reference-solutions.jsonl"));
        ReasoningSimulator sim = simulator(refs);
        ObjectMapper json = new ObjectMapper();
        int slots = 0;
        for (String line : Files.readAllLines(REST_PROMPTS)) {
            JsonNode p = json.readTree(line);
            int level = p.get("level").asInt();
            SimulatedCompletion c = sim.simulate(ReasoningSimulatorTest.PERFECT, OutputStyle.THINK_TAGS,
                    p.get("user").asText(), 1, 0, 32768);
            List<String> programs = blocks(c.content());
            assertEquals(level, programs.size(), c.content());
            for (int j = 0; j < level; j++) {
                assertEquals(refs.get(p.get("questionIds").get(j).asText()).strip(), programs.get(j));
                slots++;
            }
        }
        assertEquals(10 * (1 + 2 + 3 + 5), slots);
    }

    @Test
    void wrongProgramsDifferFromTheReferenceAndKeepTheMethod() {
        String ref = "class Solution:\n    def sumOfEvens(self, nums: List[int]) -> int:\n        return 0";
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            String wrong = CodeAnswers.wrongProgram(ref, rnd);
            assertNotEquals(ref, wrong);
            assertTrue(wrong.contains("def sumOfEvens(self, nums: List[int]) -> int:"), wrong);
        }
        assertTrue(CodeAnswers.wrongProgram("print(input())", rnd).contains("print") );
    }
}
