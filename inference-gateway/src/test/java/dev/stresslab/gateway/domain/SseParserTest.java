package dev.stresslab.gateway.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseParserTest {

    @Test
    void splitsEventsFedInArbitraryPiecesIncludingInsideUtf8() {
        String stream = ": keep-alive\n\ndata: {\"a\":\"é…\"}\n\ndata:{\"b\":1}\r\n\r\nevent: x\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int step = 1; step <= bytes.length; step++) {
            SseParser parser = new SseParser();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < bytes.length; i += step) {
                byte[] piece = new byte[Math.min(step, bytes.length - i)];
                System.arraycopy(bytes, i, piece, 0, piece.length);
                events.addAll(parser.feed(piece));
            }
            events.addAll(parser.finish());
            assertEquals(List.of("{\"a\":\"é…\"}", "{\"b\":1}", "line1\nline2", "[DONE]"), events, "step " + step);
        }
    }

    @Test
    void carriageReturnsAloneEndLinesToo() {
        String stream = "data: a\r\rdata: b\r\ndata: c\r\r\n\ndata: d\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int step = 1; step <= bytes.length; step++) {
            SseParser parser = new SseParser();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < bytes.length; i += step) {
                byte[] piece = new byte[Math.min(step, bytes.length - i)];
                System.arraycopy(bytes, i, piece, 0, piece.length);
                events.addAll(parser.feed(piece));
            }
            // \r\r ends "a"; \r\n then \r ends "b\nc"; the lone \n after \r\n is one more blank line: nothing
            assertEquals(List.of("a", "b\nc", "d"), events, "step " + step);
        }
    }

    @Test
    void aLastEventWithoutBlankLineIsFlushedAtTheEnd() {
        SseParser parser = new SseParser();
        assertEquals(List.of(), parser.feed("data: {\"x\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("{\"x\":1}"), parser.finish());
    }
}
