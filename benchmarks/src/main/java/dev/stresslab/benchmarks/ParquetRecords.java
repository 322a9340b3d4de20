package dev.stresslab.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the flat columns of a Parquet file into records (row number from 1 stands in for the line). Strings (BINARY
 * annotated as string, or unannotated BINARY decoded as UTF-8), integers, floats, doubles and booleans are read;
 * nested or repeated columns are skipped, so mapping a field to one of them reports it as missing. Codecs: none,
 * SNAPPY, GZIP (zstd-jni is left out to keep the footprint small, so ZSTD files are reported as unreadable).
 */
final class ParquetRecords {
    private ParquetRecords() {
    }

    static List<BenchmarkLoaders.Rec> read(Path file) {
        List<BenchmarkLoaders.Rec> out = new ArrayList<>();
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    Group g = records.read();
                    long row = out.size() + 1L;
                    out.add(new BenchmarkLoaders.Rec(row, Long.toString(row - 1), toNode(g)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // rows already read are fine; the failure is at the next one (0 = the file's footer or header)
            throw new BenchmarkFormatException(file, out.isEmpty() ? 0 : out.size() + 1L, null,
                    "cannot read Parquet: " + e.getMessage());
        } catch (LinkageError e) {
            // e.g. a ZSTD- or LZ4-compressed file: those codecs' native libraries are not bundled
            throw new BenchmarkFormatException(file, 0, null, "cannot read Parquet: a codec or class it needs is not "
                    + "available (" + e + "); re-save the file with SNAPPY, GZIP or no compression, or convert it to JSONL");
        }
        return out;
    }

    private static ObjectNode toNode(Group g) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        GroupType type = g.getType();
        for (int f = 0; f < type.getFieldCount(); f++) {
            Type field = type.getType(f);
            if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
                continue;
            }
            String name = field.getName();
            if (g.getFieldRepetitionCount(f) == 0) {
                node.putNull(name);
                continue;
            }
            PrimitiveType p = field.asPrimitiveType();
            switch (p.getPrimitiveTypeName()) {
                case BINARY, FIXED_LEN_BYTE_ARRAY -> {
                    LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
                    if (logical == null || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                            || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
                            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation) {
                        node.put(name, g.getString(f, 0));
                    }
                }
                case INT32 -> node.put(name, g.getInteger(f, 0));
                case INT64 -> node.put(name, g.getLong(f, 0));
                case FLOAT -> node.put(name, (double) g.getFloat(f, 0));
                case DOUBLE -> node.put(name, g.getDouble(f, 0));
                case BOOLEAN -> node.put(name, g.getBoolean(f, 0));
                default -> {
                    // INT96 timestamps and the like are not question material
                }
            }
        }
        return node;
    }
}
