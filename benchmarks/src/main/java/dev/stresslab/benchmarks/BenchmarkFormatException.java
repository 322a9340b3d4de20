package dev.stresslab.benchmarks;

import java.nio.file.Path;

/** A benchmark file that cannot be read; names the file, the line (1-based, 0 when unknown) and the field. */
public class BenchmarkFormatException extends RuntimeException {
    private final Path file;
    private final long line;
    private final String field;

    public BenchmarkFormatException(Path file, long line, String field, String problem) {
        super(file + (line > 0 ? ":" + line : "") + (field != null ? " field '" + field + "'" : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }

    public String field() {
        return field;
    }
}
