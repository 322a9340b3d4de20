package dev.stresslab.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental parser of a server-sent-events stream: feed it the bytes as they arrive (split anywhere, even inside
 * a UTF-8 character), get back the {@code data} of each complete event. Comments and other fields are ignored;
 * several {@code data:} lines of one event are joined with a newline. Not thread-safe (one per response).
 * <p>
 * It runs once per SSE chunk on the event loop (tens of thousands a second at production scale), so it copies each
 * line once into a plain byte array and decodes only the data value, once: it used to append byte by byte to a
 * {@code ByteArrayOutputStream}, whose every write is a synchronized call, then decode and cut the line twice.
 */
public final class SseParser {
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private byte[] line = new byte[256];
    private int lineLength;
    /** The data of the event so far: null before its first data line, then the joined values. */
    private String data;
    private StringBuilder joined;
    private boolean lastWasCr;

    public List<String> feed(byte[] bytes) {
        List<String> events = new ArrayList<>(2);
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b != '\n' && b != '\r') {
                continue;
            }
            boolean secondHalfOfCrLf = b == '\n' && lastWasCr && i == start;
            lastWasCr = b == '\r';
            if (secondHalfOfCrLf) { // the \n of a \r\n
                start = i + 1;
                continue;
            }
            append(bytes, start, i - start);
            endLine(events);
            start = i + 1;
        }
        if (start < bytes.length) {
            append(bytes, start, bytes.length - start);
            lastWasCr = false;
        }
        return events;
    }

    /** The stream ended: returns the last event if it was not closed by a blank line. */
    public List<String> finish() {
        List<String> events = new ArrayList<>(1);
        if (lineLength > 0) {
            endLine(events);
        }
        if (data != null) {
            events.add(event());
        }
        return events;
    }

    private void append(byte[] bytes, int from, int length) {
        if (length == 0) {
            return;
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(2 * line.length, lineLength + length));
        }
        System.arraycopy(bytes, from, line, lineLength, length);
        lineLength += length;
    }

    private void endLine(List<String> events) {
        int length = lineLength;
        lineLength = 0;
        if (length == 0) {
            if (data != null) {
                events.add(event());
            }
            return;
        }
        if (length >= DATA.length && Arrays.equals(line, 0, DATA.length, DATA, 0, DATA.length)) {
            int from = DATA.length < length && line[DATA.length] == ' ' ? DATA.length + 1 : DATA.length;
            String value = new String(line, from, length - from, StandardCharsets.UTF_8);
            if (data == null) {
                data = value; // the usual case: one data line per event, no joining
            } else {
                if (joined == null) {
                    joined = new StringBuilder(data);
                }
                joined.append('\n').append(value);
                data = "";
            }
        }
        // ":" comments, event:, id:, retry: are of no use here
    }

    private String event() {
        String out = joined != null ? joined.toString() : data;
        data = null;
        joined = null;
        return out;
    }
}
