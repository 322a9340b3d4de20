package dev.stresslab.gateway.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamAccumulatorTest {

    @Test
    void foldsDeltasFinishReasonAndUsageAndTimesTheFirstToken() {
        StreamAccumulator acc = new StreamAccumulator();
        acc.accept("{\"id\":\"1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}", 10);
        assertEquals(-1, acc.firstTokenNanos(), "an empty delta is not a token");
        acc.accept("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Let\"}}]}", 20);
        acc.accept("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\" me\"}}]}", 30);
        acc.accept("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\\\boxed{4}\"},\"finish_reason\":\"stop\"}]}", 40);
        assertTrue(acc.finished());
        acc.accept("{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":80,\"completion_tokens_details\":{\"reasoning_tokens\":7}}}", 50);
        acc.accept("[DONE]", 60);
        assertEquals(20, acc.firstTokenNanos());
        ChatCompletionResponse r = acc.result();
        assertEquals("\\boxed{4}", r.choices().get(0).message().content());
        assertEquals("Let me", r.choices().get(0).message().reasoningContent());
        assertEquals("stop", r.choices().get(0).finishReason());
        assertEquals(80, r.usage().completionTokens());
        assertEquals(7, r.usage().completionTokensDetails().reasoningTokens());
    }

    @Test
    void completionsApiTextAndNoContentAtAll() {
        StreamAccumulator text = new StreamAccumulator();
        text.accept("{\"choices\":[{\"index\":0,\"text\":\"4\",\"finish_reason\":\"length\"}]}", 1);
        assertEquals("4", text.result().choices().get(0).message().content());

        StreamAccumulator reasoningOnly = new StreamAccumulator();
        reasoningOnly.accept("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hm\"},\"finish_reason\":\"length\"}]}", 1);
        assertNull(reasoningOnly.result().choices().get(0).message().content(), "null content: the budget went to reasoning");
    }

    @Test
    void errorsAndGarbageInTheStreamAreBadResponses() {
        assertThrows(StreamAccumulator.BadStreamException.class,
                () -> new StreamAccumulator().accept("{\"error\":{\"message\":\"oops\"}}", 1));
        assertThrows(StreamAccumulator.BadStreamException.class, () -> new StreamAccumulator().accept("<html>", 1));
        StreamAccumulator cut = new StreamAccumulator();
        cut.accept("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"4\"}}]}", 1);
        assertFalse(cut.finished(), "no finish_reason and no [DONE]: the stream was cut");
    }

    @Test
    void textBeyondTheCapStopsTheAnswer() {
        StreamAccumulator acc = new StreamAccumulator(10);
        acc.accept("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"123456\"}}]}", 1);
        acc.accept("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"7890\"}}]}", 2);
        StreamAccumulator.OutputTooLargeException e = assertThrows(StreamAccumulator.OutputTooLargeException.class,
                () -> acc.accept("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"}}]}", 3));
        assertTrue(e.getMessage().contains("more than 10 chars"), e.getMessage());
    }
}
