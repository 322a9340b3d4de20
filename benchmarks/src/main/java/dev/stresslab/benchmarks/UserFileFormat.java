package dev.stresslab.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The layouts a user's benchmark file may have, told apart by extension and, failing that, by content. */
public enum UserFileFormat {
    /** One JSON object per line ({@code .jsonl}, {@code .ndjson}). */
    JSONL,
    /** One JSON document: an array of objects, or an object whose values are objects (MATH500's layout). */
    JSON,
    /** Apache Parquet (magic {@code PAR1}); flat columns of strings and numbers. */
    PARQUET;

    public static UserFileFormat detect(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return PARQUET;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".jsonlines")) {
            return JSONL;
        }
        byte[] head = new byte[4096];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new BenchmarkFormatException(file, 0, null, "cannot read: " + e.getMessage());
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1') {
            return PARQUET;
        }
        int i = 0;
        if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (i < n && Character.isWhitespace(head[i])) {
            i++;
        }
        if (i < n && head[i] == '[') {
            return JSON;
        }
        if (i < n && head[i] == '{') {
            // One object spanning the file (MATH500's layout) or one object per line?
            return firstLineIsCompleteObject(head, i, n) ? JSONL : JSON;
        }
        return JSONL;
    }

    private static boolean firstLineIsCompleteObject(byte[] head, int from, int n) {
        int end = from;
        while (end < n && head[end] != '\n') {
            end++;
        }
        if (end == n && n == head.length) {
            return true; // a very long first line: only JSONL has those in practice
        }
        String line = new String(head, from, end - from, java.nio.charset.StandardCharsets.UTF_8);
        try {
            return BenchmarkLoaders.JSON_LINE.readTree(line).isObject();
        } catch (IOException e) {
            return false;
        }
    }
}
