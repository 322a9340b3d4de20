package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run's analysis folded in batches of outputs (as a running run's results arrive) equals the analysis of all its
 * slots at once, and equals the analyses made from the slot list; on a random run with every kind of slot the analyses
 * read (omitted, truncated, unknown tokens, label-aware flips, LLM readings, tags, several samples).
 */
public class RunAnalysisTest {

    @Test
    void foldingOutputsInBatchesGivesTheAnalysisOfAllSlots() {
        Random random = new Random(7);
        Map<String, QuestionTagBreakdown.QuestionTags> tags = new HashMap<>();
        Map<String, List<Slot>> outputs = outputs(random, 60, tags);
        List<Slot> all = outputs.values().stream().flatMap(List::stream).toList();

        RunAnalysis.Result once = RunAnalysis.of(all, tags).result();

        // the outputs in another order, in batches of 1 to 40, each batch's slots shuffled across its outputs
        List<List<Slot>> shuffled = new ArrayList<>(outputs.values());
        Collections.shuffle(shuffled, random);
        RunAnalysis folded = new RunAnalysis();
        RunAnalysis.Result midway = null;
        for (int i = 0; i < shuffled.size(); ) {
            int n = 1 + random.nextInt(40);
            List<Slot> batch = new ArrayList<>();
            shuffled.subList(i, Math.min(shuffled.size(), i + n)).forEach(batch::addAll);
            Collections.shuffle(batch, random);
            folded.addOutputs(batch, tags);
            i += n;
            if (midway == null && i > shuffled.size() / 2) {
                midway = folded.result();
            }
        }
        assertEquals(all.size(), folded.slots());
        assertSame(once, folded.result());

        // what was finished midway does not change with later additions
        assertNotNull(midway);
        assertTrue(midway.positions().stream().mapToLong(StressAnalysis.PositionReport::slots).sum() < all.size());

        // and the list-taking functions give the same
        assertEquals(StressAnalysis.positions(all), once.positions());
        assertEquals(StressAnalysis.tokenBoxes(all), once.tokenBoxes());
        assertEquals(StressAnalysis.adaptiveEffort(all), once.adaptiveEffort());
        assertEquals(StressAnalysis.overthinking(all), once.overthinking());
        assertEquals(StressAnalysis.breakdown(all), once.levels());
        assertEquals(LabelAwareReading.of(all), once.labelAware());
        assertEquals(QuestionTagBreakdown.of(all, tags), once.questionTags());
        assertEquals(StressAnalysis.llmExtraction(all), once.llmExtraction());
        assertEquals(Headline.of(all), Headline.ofCounts(List.of(once.counts())));
        // the counts' interval at each level, the statistic most sensitive to the outputs' shapes
        for (int level : new int[]{1, 2, 3, 5}) {
            // rounded as every report shows it: the sums may run over the questions in another order
            assertEquals(ClusteredEstimate.of(all, ClusteredEstimate.level(level)).rounded(),
                    ClusteredEstimate.of(folded.counts(), ClusteredEstimate.level(level)).rounded());
        }
        assertTrue(once.labelAware().labelAwareOnly() + once.labelAware().positionalOnly() > 0, "flips exercised");
        assertNotNull(once.questionTags());
        assertNotNull(once.llmExtraction());
    }

    @Test
    void anAnalysisWrittenAndReadBackFinishesAndFoldsOnLikeTheOriginal() throws IOException {
        Random random = new Random(11);
        Map<String, QuestionTagBreakdown.QuestionTags> tags = new HashMap<>();
        List<List<Slot>> outputs = new ArrayList<>(outputs(random, 40, tags).values());
        Collections.shuffle(outputs, random);
        List<Slot> firstHalf = outputs.subList(0, outputs.size() / 2).stream().flatMap(List::stream).toList();
        List<Slot> secondHalf = outputs.subList(outputs.size() / 2, outputs.size()).stream().flatMap(List::stream).toList();

        RunAnalysis original = RunAnalysis.of(firstHalf, tags);
        original.result(); // finished once: cached token boxes and tag groups are not part of the state
        RunAnalysis copy = RunAnalysis.fromState(original.state());
        assertEquals(original.slots(), copy.slots());
        assertSame(original.result(), copy.result());

        // both fold the rest in the same way, and equal the analysis of every slot
        original.addOutputs(secondHalf, tags);
        copy.addOutputs(secondHalf, tags);
        RunAnalysis.Result all = RunAnalysis.of(outputs.stream().flatMap(List::stream).toList(), tags).result();
        assertSame(all, original.result());
        assertSame(all, copy.result());
        for (int level : new int[]{1, 2, 3, 5}) {
            assertEquals(ClusteredEstimate.of(original.counts(), ClusteredEstimate.level(level)).rounded(),
                    ClusteredEstimate.of(copy.counts(), ClusteredEstimate.level(level)).rounded());
        }
        // an empty analysis too
        assertEquals(0, RunAnalysis.fromState(new RunAnalysis().state()).slots());
    }

    @Test
    void stateOfAnotherFormatOrCutShortIsRefused() throws IOException {
        byte[] state = RunAnalysis.of(outputs(new Random(3), 10, new HashMap<>()).values().stream()
                .flatMap(List::stream).toList(), Map.of()).state();
        byte[] otherFormat = state.clone();
        otherFormat[3]++;
        IOException refused = assertThrows(IOException.class,
                () -> RunAnalysis.fromState(otherFormat));
        assertTrue(refused.getMessage().contains("format"), refused.getMessage());
        byte[] cut = java.util.Arrays.copyOf(state, state.length / 2);
        assertThrows(IOException.class, () -> RunAnalysis.fromState(cut));
        byte[] longer = java.util.Arrays.copyOf(state, state.length + 1);
        assertThrows(IOException.class, () -> RunAnalysis.fromState(longer));
    }

    /** Two results are the same analysis: part by part, the counts through the headline they give. */
    public static void assertSame(RunAnalysis.Result expected, RunAnalysis.Result actual) {
        assertEquals(expected.positions(), actual.positions());
        assertEquals(expected.tokenBoxes(), actual.tokenBoxes());
        assertEquals(expected.adaptiveEffort(), actual.adaptiveEffort());
        assertEquals(expected.overthinking(), actual.overthinking());
        assertEquals(expected.levels(), actual.levels());
        assertEquals(expected.labelAware(), actual.labelAware());
        assertEquals(expected.questionTags(), actual.questionTags());
        assertEquals(expected.llmExtraction(), actual.llmExtraction());
        assertEquals(Headline.ofCounts(List.of(expected.counts())), Headline.ofCounts(List.of(actual.counts())));
    }

    /** Outputs at levels 1, 2, 3 and 5 over {@code questions} questions, two samples, in REST's cyclic grouping. */
    private static Map<String, List<Slot>> outputs(Random random, int questions,
                                                   Map<String, QuestionTagBreakdown.QuestionTags> tags) {
        String[] subjects = {"Algebra", "Geometry", "Number Theory"};
        for (int q = 0; q < questions; q++) {
            // a few questions have no tags
            tags.put("q" + q, q % 11 == 0 ? new QuestionTagBreakdown.QuestionTags(null, null)
                    : new QuestionTagBreakdown.QuestionTags(q % 4 == 0 ? null : subjects[q % 3], q % 5 == 0 ? null : 1 + q % 5));
        }
        String[] categories = {"CORRECT", "REASONING_ERROR", "SUMMARY_ERROR", null};
        String[] flags = {null, "label-aware-correct", "label-aware-wrong", "llm-extracted", "llm-extracted,llm-reading-differs",
                "llm-extract-failed", "reference-grader-differs"};
        Map<String, List<Slot>> out = new LinkedHashMap<>();
        for (int level : new int[]{1, 2, 3, 5}) {
            for (int sample = 0; sample < 2; sample++) {
                for (int g = 0; g < questions; g++) {
                    String output = "L" + level + "/G" + g + "/S" + sample;
                    boolean truncated = random.nextInt(10) == 0;
                    boolean omitting = random.nextInt(8) == 0;
                    List<Slot> slots = new ArrayList<>();
                    for (int p = 1; p <= level; p++) {
                        String question = "q" + ((g + p - 1) % questions);
                        boolean omitted = omitting && p == level;
                        boolean correct = !omitted && random.nextDouble() < 0.9 - 0.08 * level;
                        Integer tokens = random.nextInt(12) == 0 ? null : omitted ? 0 : 200 + random.nextInt(3000) / level;
                        slots.add(new Slot(question, output, level, p, sample, correct, omitted, truncated, omitting,
                                tokens, categories[random.nextInt(categories.length)], flags[random.nextInt(flags.length)]));
                    }
                    out.put(output, slots);
                }
            }
        }
        return out;
    }
}
