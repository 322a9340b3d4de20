package dev.stresslab.benchmarks;

import java.nio.file.Path;
import java.util.List;

/** Parquet reading (placeholder until the dependency question is settled). */
final class ParquetRecords {
    private ParquetRecords() {
    }

    static List<BenchmarkLoaders.Rec> read(Path file) {
        throw new BenchmarkFormatException(file, 0, null, "Parquet files are not supported; convert to JSONL");
    }
}
