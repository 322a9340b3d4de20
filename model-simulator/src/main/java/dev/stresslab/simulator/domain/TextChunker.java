package dev.stresslab.simulator.domain;

import java.util.ArrayList;
import java.util.List;

/** Splits text into streaming deltas of about {@code size} characters, breaking after a space when one is near. */
public final class TextChunker {
    private TextChunker() {
    }

    public static List<String> split(String text, int size) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        int n = Math.max(1, size);
        int i = 0;
        while (i < text.length()) {
            int end = Math.min(text.length(), i + n);
            if (end < text.length()) {
                int space = text.lastIndexOf(' ', end);
                if (space > i + n / 2) {
                    end = space + 1;
                }
            }
            out.add(text.substring(i, end));
            i = end;
        }
        return out;
    }
}
