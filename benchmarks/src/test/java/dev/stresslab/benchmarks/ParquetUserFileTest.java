package dev.stresslab.benchmarks;

import dev.stresslab.contracts.AnswerKind;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParquetUserFileTest {
    static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message problem {
              required binary problem (STRING);
              optional binary answer (STRING);
              required double score;
              required int64 id;
            }""");

    static Path write(Path dir, CompressionCodecName codec, boolean missingAnswer) throws IOException {
        Path file = dir.resolve("problems-" + codec.name().toLowerCase() + ".parquet");
        Files.deleteIfExists(file);
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withType(SCHEMA).withCompressionCodec(codec).build()) {
            for (int i = 0; i < 3; i++) {
                Group g = groups.newGroup().append("problem", "\nProblem " + i + " with $\\frac{1}{2}$\n")
                        .append("score", i + 0.5).append("id", 100L + i);
                if (!(missingAnswer && i == 1)) {
                    g.append("answer", "\\boxed{" + (i * 7) + "}");
                }
                w.write(g);
            }
        }
        return file;
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED", "SNAPPY", "GZIP"})
    void readsAParquetFileThroughTheMapping(CompressionCodecName codec, @TempDir Path dir) throws IOException {
        Path file = write(dir, codec, false);
        assertEquals(UserFileFormat.PARQUET, UserFileFormat.detect(file));
        UserFileMapping m = new UserFileMapping("problem", "answer", "id", AnswerKind.MATH, GoldTransform.LAST_BOXED);
        Benchmark b = BenchmarkCatalog.loadUserFile("pq", file, m);
        assertEquals(List.of("100", "101", "102"), b.questions().stream().map(Question::id).toList());
        assertEquals(List.of("0", "7", "14"), b.questions().stream().map(Question::gold).toList());
        assertEquals("\nProblem 1 with $\\frac{1}{2}$\n", b.questions().get(1).text());

        UserFileMapping numeric = new UserFileMapping("problem", "score", null, AnswerKind.MATH, GoldTransform.NONE);
        assertEquals(List.of("0.5", "1.5", "2.5"),
                BenchmarkCatalog.loadUserFile("pq", file, numeric).questions().stream().map(Question::gold).toList());
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"SNAPPY"})
    void missingValueNamesTheRow(CompressionCodecName codec, @TempDir Path dir) throws IOException {
        Path file = write(dir, codec, true);
        UserFileMapping m = new UserFileMapping("problem", "answer", null, AnswerKind.MATH, GoldTransform.NONE);
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class, () -> BenchmarkCatalog.loadUserFile("pq", file, m));
        assertEquals(2, e.line());
        assertEquals("answer", e.field());
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED"})
    void truncatedFileIsAFormatException(CompressionCodecName codec, @TempDir Path dir) throws IOException {
        Path file = write(dir, codec, false);
        byte[] bytes = Files.readAllBytes(file);
        Path broken = dir.resolve("broken.parquet");
        Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        BenchmarkFormatException e = assertThrows(BenchmarkFormatException.class, () -> BenchmarkCatalog.loadUserFile("pq", broken,
                UserFileMapping.defaults()));
        assertTrue(e.getMessage().contains("cannot read Parquet"), e.getMessage());
    }
}
