package dev.stresslab.scorer.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Topics;
import dev.stresslab.contracts.Transcript;
import dev.stresslab.contracts.TranscriptSpan;
import dev.stresslab.contracts.TranscriptSpan.Kind;
import dev.stresslab.contracts.Usage;
import dev.stresslab.scorer.parse.AttributionCut;
import dev.stresslab.scorer.parse.OutputParser;
import dev.stresslab.scorer.parse.ParsedOutput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscriptBuilderTest {
    private final PromptScorer scorer = PromptScorer.createDefault();

    private static CompletionEvent completion(int level, String content, String reasoning) {
        List<String> ids = new ArrayList<>();
        List<String> gold = new ArrayList<>();
        for (int i = 0; i < level; i++) {
            ids.add("q" + i);
            gold.add(String.valueOf(i + 1));
        }
        return new CompletionEvent(1, "run", "p1", "m", "gsm8k", level, 0, 0, ids, gold, AnswerKind.MATH, content,
                reasoning, "stop", new Usage(50, 400, 300), 10, null, 1, null);
    }

    private static String text(Transcript t, TranscriptSpan s) {
        return (s.source() == TranscriptSpan.Source.CONTENT ? t.content() : t.reasoning()).substring(s.start(), s.end());
    }

    private static List<TranscriptSpan> of(Transcript t, Kind kind) {
        return t.spans().stream().filter(s -> s.kind() == kind).toList();
    }

    @Test
    void restBoxesAndLabelAnswersPointAtTheirTextInTheContentDespiteStrippedReasoning() {
        // REST reads "Q2: \boxed{2} Q1: \boxed{1}" after dropping the <think> span and trimming: its offsets are not
        // the content's, and the spans must land on the boxes the model wrote
        String content = "  <think>Q1: work 1. Q2: work \\boxed{9} 2.</think>\n  **Q2:** \\boxed{2}\n**Q1:** \\boxed{1}";
        ScoreEvent e = scorer.score(completion(2, content, null));
        Transcript t = e.transcript();
        assertEquals(content, t.content());
        List<TranscriptSpan> rest = of(t, Kind.REST_BOX);
        assertEquals(2, rest.size());
        assertEquals("\\boxed{2}", text(t, rest.get(0)));
        assertEquals(1, rest.get(0).position());
        assertEquals("\\boxed{1}", text(t, rest.get(1)));
        // the label-aware reading puts each box under its own label
        List<TranscriptSpan> labels = of(t, Kind.LABEL_ANSWER);
        assertEquals(2, labels.size());
        assertEquals(1, labels.get(0).position());
        assertEquals("\\boxed{1}", text(t, labels.get(0)));
        assertEquals("\\boxed{2}", text(t, labels.get(1)));
        // REST's slot 1 is the label-aware answer of Q2: the verdicts say so
        assertTrue(e.questions().get(0).flags().contains("label-mismatch"));
        // attribution cuts cover the reasoning, each given to the question whose label starts it
        List<TranscriptSpan> cuts = of(t, Kind.REASONING_CUT);
        assertEquals(List.of(1, 2), cuts.stream().map(TranscriptSpan::position).toList());
        assertTrue(text(t, cuts.get(0)).startsWith("Q1: work 1."), text(t, cuts.get(0)));
        assertTrue(text(t, cuts.get(1)).startsWith("Q2: work"), text(t, cuts.get(1)));
        assertFalse(t.spansCut());
    }

    @Test
    void aSeparateReasoningFieldIsItsOwnSourceAndUnattributedTextIsPositionZero() {
        String reasoning = "Let me read all of them first. Q1: 1+0. Q2: 1+1. To summarize, 1 and 2.";
        ScoreEvent e = scorer.score(completion(2, "\\boxed{1} \\boxed{2}", reasoning));
        Transcript t = e.transcript();
        assertEquals(reasoning, t.reasoning());
        List<TranscriptSpan> cuts = of(t, Kind.REASONING_CUT);
        assertTrue(cuts.stream().allMatch(s -> s.source() == TranscriptSpan.Source.REASONING));
        assertEquals(0, cuts.get(0).position(), "the preamble belongs to no question");
        assertEquals("Let me read all of them first. ", text(t, cuts.get(0)));
        assertEquals(0, cuts.get(cuts.size() - 1).position(), "the recap belongs to no question");
        // the cuts tile the reasoning
        assertEquals(reasoning.length(), cuts.stream().mapToInt(s -> s.end() - s.start()).sum());
        assertEquals(List.of("\\boxed{1}", "\\boxed{2}"), of(t, Kind.REST_BOX).stream().map(s -> text(t, s)).toList());
        assertTrue(of(t, Kind.ANSWER_CUT).stream().allMatch(s -> s.source() == TranscriptSpan.Source.CONTENT));
    }

    @Test
    void unclosedReasoningKeepsItsBoxesWhereRestReadsThem() {
        String content = "Q1: \\boxed{1}\n<think>Q2 maybe \\boxed{2} and";
        Transcript t = scorer.score(completion(2, content, null)).transcript();
        assertEquals(List.of("\\boxed{1}", "\\boxed{2}"), of(t, Kind.REST_BOX).stream().map(s -> text(t, s)).toList());
    }

    @Test
    void aFailedCallHasNoTranscript() {
        CompletionEvent failed = new CompletionEvent(1, "run", "p1", "m", "gsm8k", 1, 0, 0, List.of("q"), List.of("1"),
                AnswerKind.MATH, null, null, null, Usage.UNKNOWN, 10, null, 1,
                new dev.stresslab.contracts.Failure("HTTP_500", "boom", 500));
        assertNull(scorer.score(failed).transcript());
    }

    @Test
    void spansAreCappedSoTheEventStaysBelowTheRecordLimitAtTheGatewaysCap() throws Exception {
        // a parse with more attribution cuts than MAX_SPANS (the labels of a real output are capped per text, and
        // repeated labels turn into a recap, so a real one this large would be megabytes)
        String content = "<think>work</think>\\boxed{1} \\boxed{2} \\boxed{3}";
        ParsedOutput small = OutputParser.parse(content, null, "stop", 3, AnswerKind.MATH);
        List<AttributionCut> many = new ArrayList<>();
        for (int i = 0; i < 25_000; i++) {
            many.add(new AttributionCut(AttributionCut.Source.CONTENT, 7, 11, 1 + i % 3, true));
        }
        ParsedOutput parsed = new ParsedOutput(small.content(), small.reasoningField(), small.level(), small.regions(),
                small.restText(), small.readableEnd(), small.restGroups(), small.boxes(), small.labels(),
                small.lengthCut(), small.unclosedThink(), small.endsInRepetition(), many, small.reasoningAnswers(),
                small.unboxedAnswers());
        Transcript t = TranscriptBuilder.build(LabelAwareReader.read(parsed, AnswerKind.MATH, String::equals));
        assertTrue(t.spansCut());
        assertEquals(Transcript.MAX_SPANS, t.spans().size());
        assertEquals(3, of(t, Kind.REST_BOX).size(), "answers come before cuts, so the cap keeps them");
        // the spans' JSON, beside an output at the gateway's cap (12 MiB), stays below the record limit
        long spansBytes = new ObjectMapper().writeValueAsBytes(t.spans()).length;
        long gatewayCap = 12L * 1024 * 1024;
        assertTrue(gatewayCap + spansBytes + 64 * 1024 < Topics.MAX_RECORD_BYTES,
                "spans take " + spansBytes + " bytes");
    }

    @Test
    void textBeyondTheGatewaysCapAsJsonIsCutAndItsSpansWithIt() throws Exception {
        // 2.5 million control characters: 2.5 MB of text, 15 MB as JSON escapes; the content is kept whole first
        String reasoning = "Q1: " + "\u0001".repeat(2_500_000);
        ScoreEvent e = scorer.score(completion(1, "\\boxed{1}", reasoning));
        Transcript t = e.transcript();
        assertTrue(t.textCut());
        assertEquals("\\boxed{1}", t.content());
        assertTrue(t.reasoning().length() < reasoning.length() && reasoning.startsWith(t.reasoning()));
        assertTrue(t.spans().stream().allMatch(x -> x.end() <= (x.source() == TranscriptSpan.Source.CONTENT
                ? t.content().length() : t.reasoning().length())));
        assertTrue(new ObjectMapper().writeValueAsBytes(e).length < Topics.MAX_RECORD_BYTES);
    }

    @Test
    void anUnparsedOutputKeepsItsTextWithinTheSameBudgetAndNoSpans() {
        String content = "\u0001".repeat(2_500_000); // 15 MB as JSON escapes: beyond the budget on its own
        Transcript t = TranscriptBuilder.unparsed(content, "some reasoning", Transcript.MAX_TEXT_JSON_BYTES);
        assertTrue(t.textCut());
        assertTrue(t.content().length() < content.length() && content.startsWith(t.content()));
        assertEquals("", t.reasoning(), "the content takes the whole budget, so none is left for the reasoning");
        assertTrue(t.spans().isEmpty());
        Transcript small = TranscriptBuilder.unparsed(null, "r", Transcript.MAX_TEXT_JSON_BYTES);
        assertEquals("", small.content());
        assertEquals("r", small.reasoning());
        assertFalse(small.textCut());
        Transcript tight = TranscriptBuilder.unparsed("ab\"cd", "r", 4); // the quote takes 2 bytes as JSON
        assertEquals("ab\"", tight.content());
        assertEquals("", tight.reasoning());
        assertTrue(tight.textCut());
    }

    @Test
    void theBudgetCountsWhatJacksonWrites() throws Exception {
        String s = "a\n\t\r\b\f\"\\\u0001\u00e9\u4e2d";
        assertEquals(new ObjectMapper().writeValueAsBytes(s).length - 2, TranscriptBuilder.jsonBytes(s));
        String pair = "\ud83d\ude00"; // an upper bound for a surrogate pair: 12, Jackson writes 4
        assertTrue(TranscriptBuilder.jsonBytes(pair) >= new ObjectMapper().writeValueAsBytes(pair).length - 2);
    }
}
