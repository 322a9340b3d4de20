package dev.stresslab.scorer.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.PythonText;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** REST's split_code_content on tricky outputs: golden answers produced by REST's own function (rest_lcb_golden.py). */
class RestCodeSplitterTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void answersAreRestsOnEveryGoldenCase() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/livecodebench/rest-splits.jsonl"));
        assertEquals(33, lines.size());
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            List<String> rest = new ArrayList<>();
            n.get("answers").forEach(a -> rest.add(a.asText()));
            String output = n.get("output").asText();
            int level = n.get("level").asInt();
            assertEquals(rest, RestCodeSplitter.split(output, level), output + " @" + level);
            List<RestCodeSplitter.Slot> slots = RestCodeSplitter.slots(output, level);
            for (int j = 0; j < level; j++) {
                // what REST executes (extract_code_generation v1 on the answer) is the slot's code
                assertEquals(RestCodeSplitter.executedCode(rest.get(j)), slots.get(j).code());
                assertBlockHoldsItsCode(output, slots.get(j));
            }
        }
    }

    @Test
    void labelAwareFlagsShowAShiftedAnswer() {
        String out = "Q1: skipped.\n\nQ2:\n```python\nprint(2)\n```\nQ3:\n```python\nprint(3)\n```";
        List<RestCodeSplitter.Slot> slots = RestCodeSplitter.slots(out, 3);
        assertEquals("print(2)", slots.get(0).code());
        assertEquals(2, slots.get(0).label());
        assertTrue(slots.get(0).flags().contains("label-mismatch"));
        assertTrue(slots.get(1).flags().contains("label-mismatch"));
        assertEquals(List.of("omitted"), slots.get(2).flags());
        assertEquals("", slots.get(2).code());
        List<RestCodeSplitter.Slot> aligned = RestCodeSplitter.slots("Q1\n```python\na\n```\nQ2\n```python\nb\n```", 2);
        assertTrue(aligned.get(0).flags().isEmpty() && aligned.get(1).flags().isEmpty());
    }

    @Test
    void linearOnHostileOutputs() {
        String many = "```python".repeat(400_000);
        long start = System.nanoTime();
        // each "```python" is closed by the next one's backticks: empty blocks, as re.findall gives
        assertEquals(List.of("```python\n\n```", "```python\n\n```"), RestCodeSplitter.split(many, 2));
        String blocks = "```python\nx\n```\n".repeat(200_000);
        assertEquals(3, RestCodeSplitter.split(blocks, 3).size());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 3_000, "linear time");
    }

    @Test
    void blocksAreFoundInTheTextTheModelWroteDespiteStrippedReasoning() {
        // REST reads the blocks after dropping the <think> span and trimming: the offsets are the output's own
        String out = "  <think>Q1 first:\n```python\nprint(0)\n```</think>\n Q1:\n```python\nprint(1)\n```\n"
                + "<think>Q2 hmm</think>Q2:\n```python\n  print(2)\n```";
        List<RestCodeSplitter.Slot> slots = RestCodeSplitter.slots(out, 3);
        assertEquals("```python\nprint(1)\n```", out.substring(slots.get(0).start(), slots.get(0).end()));
        assertEquals("```python\n  print(2)\n```", out.substring(slots.get(1).start(), slots.get(1).end()));
        slots.subList(0, 2).forEach(s -> assertBlockHoldsItsCode(out, s));
        assertFalse(slots.get(2).found());
        assertEquals(-1, slots.get(2).start());
    }

    /** The slot's block, read from the original text, is a fenced block whose stripped inside is the slot's code. */
    static void assertBlockHoldsItsCode(String output, RestCodeSplitter.Slot slot) {
        if (!slot.found()) {
            assertEquals("", slot.code());
            return;
        }
        String block = output.substring(slot.start(), slot.end());
        assertTrue(block.startsWith(RestCodeSplitter.OPEN) && block.endsWith(RestCodeSplitter.FENCE), block);
        assertEquals(slot.code(), PythonText.strip(block.substring(RestCodeSplitter.OPEN.length(),
                block.length() - RestCodeSplitter.FENCE.length())), output);
    }
}
