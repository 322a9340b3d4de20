package dev.stresslab.gateway.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental parser of a server-sent-events stream: feed it the bytes as they arrive (split anywhere, even inside
 * a UTF-8 character), get back the {@code data} of each complete event. Comments and other fields are ignored;
 * several {@code data:} lines of one event are joined with a newline. Not thread-safe (one per response).
 */
public final class SseParser {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean lastWasCr;

    public List<String> feed(byte[] bytes) {
        List<String> events = new ArrayList<>(2);
        for (byte b : bytes) {
            if (b == '\n' && lastWasCr) { // the \n of a \r\n
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine(events);
            } else {
                line.write(b);
            }
        }
        return events;
    }

    /** The stream ended: returns the last event if it was not closed by a blank line. */
    public List<String> finish() {
        List<String> events = new ArrayList<>(1);
        if (line.size() > 0) {
            endLine(events);
        }
        if (hasData) {
            events.add(data.toString());
            data.setLength(0);
            hasData = false;
        }
        return events;
    }

    private void endLine(List<String> events) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            if (hasData) {
                events.add(data.toString());
                data.setLength(0);
                hasData = false;
            }
            return;
        }
        if (text.startsWith("data:")) {
            String value = text.substring(5);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        }
        // ":" comments, event:, id:, retry: are of no use here
    }
}
