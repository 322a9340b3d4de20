package dev.stresslab.benchmarks;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.contracts.AnswerKind;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * File readers for each benchmark format (the formats of REST's {@code data/} folder) and for user files.
 * Question text is kept exactly as the file holds it, leading and trailing whitespace included. Any malformed record
 * raises a {@link BenchmarkFormatException} naming file, line and field, and nothing of the file is returned.
 */
final class BenchmarkLoaders {
    /** For streaming whole documents. */
    static final ObjectMapper JSON = new ObjectMapper();
    /** For one JSON Lines record: anything after the object on its line is an error. */
    static final ObjectMapper JSON_LINE = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String[] GPQA_PATTERNS = {"ABCD", "BCDA", "CDAB", "DABC"};
    static final int GPQA_QUESTION = 7;
    static final int GPQA_CORRECT = 8;

    private BenchmarkLoaders() {
    }

    /** One record of a file: where it starts (1-based line, or row for Parquet), its key if keyed, its fields. */
    record Rec(long line, String key, ObjectNode node) {
    }

    static List<Question> read(String name, Path file) {
        requireFile(file);
        return switch (name) {
            case "gsm8k" -> questions(name, file, readJsonl(file), r -> {
                String answer = text(file, r, "answer", false);
                String gold = GoldTransform.AFTER_HASHES.apply(answer);
                if (gold == null) {
                    throw new BenchmarkFormatException(file, r.line(), "answer", "no '#### ' marker before the final answer");
                }
                return new Question(name + "-" + r.key(), text(file, r, "question", true), gold, AnswerKind.MATH);
            });
            case "math500" -> questions(name, file, readJsonDocument(file), r ->
                    new Question(name + "-" + r.key(), text(file, r, "problem", true), gold(file, r, "answer"), AnswerKind.MATH,
                            optionalText(r, "subject"), mathLevel(file, r)));
            case "aime2024" -> questions(name, file, readJsonl(file), r ->
                    new Question(name + "-" + r.key(), text(file, r, "origin_prompt", true), gold(file, r, "gold_answer"), AnswerKind.MATH));
            case "aime2025" -> questions(name, file, readJsonl(file), r ->
                    new Question(name + "-" + r.key(), text(file, r, "question", true), gold(file, r, "answer"), AnswerKind.MATH));
            case "amc23" -> questions(name, file, readJsonl(file), r ->
                    new Question(name + "-" + r.key(), text(file, r, "question", true), gold(file, r, "answer"), AnswerKind.MATH));
            case "gpqa-diamond" -> gpqa(name, file);
            default -> throw new IllegalArgumentException("no loader for " + name);
        };
    }

    /** A user's file (JSONL, JSON array, JSON object of records, or Parquet) read through a field mapping. */
    static List<Question> readUser(String name, Path file, UserFileMapping m) {
        requireFile(file);
        List<Rec> records = switch (UserFileFormat.detect(file)) {
            case JSONL -> readJsonl(file);
            case JSON -> readJsonDocument(file);
            case PARQUET -> ParquetRecords.read(file);
        };
        return questions(name, file, records, r -> {
            String q = text(file, r, m.questionField(), true);
            String raw = gold(file, r, m.answerField());
            String gold = m.goldTransform().apply(raw);
            if (gold == null) {
                throw new BenchmarkFormatException(file, r.line(), m.answerField(),
                        "gold transform '" + m.goldTransform().label() + "' found no answer in " + abbreviate(raw));
            }
            if (m.kind() == AnswerKind.CHOICE) {
                gold = gold.strip();
                if (!gold.matches("[A-Z]")) {
                    throw new BenchmarkFormatException(file, r.line(), m.answerField(),
                            "a multiple-choice gold must be one letter A-Z, found " + abbreviate(gold));
                }
            }
            String id = m.idField() == null ? name + "-" + r.key() : id(file, r, m.idField());
            return new Question(id, q, gold, m.kind());
        });
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BenchmarkFormatException(file, 0, null, "file not found (see docs/benchmarks-and-prompts.md: getting the data)");
        }
    }

    private static List<Question> questions(String name, Path file, List<Rec> records, Function<Rec, Question> map) {
        if (records.isEmpty()) {
            throw new BenchmarkFormatException(file, 0, null, "no records");
        }
        List<Question> out = new ArrayList<>(records.size());
        Set<String> ids = new HashSet<>();
        for (Rec r : records) {
            Question q = map.apply(r);
            if (!ids.add(q.id())) {
                throw new BenchmarkFormatException(file, r.line(), null, "duplicate question id '" + q.id() + "'");
            }
            out.add(q);
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- JSON Lines

    /** One JSON object per line; blank lines are skipped; keys are the 0-based record positions. */
    static List<Rec> readJsonl(Path file) {
        List<Rec> out = new ArrayList<>();
        long line = 0;
        try (BufferedReader reader = strictUtf8(file)) {
            String raw;
            while (true) {
                try {
                    raw = reader.readLine();
                } catch (CharacterCodingException e) {
                    throw new BenchmarkFormatException(file, line + 1, null, "not valid UTF-8");
                }
                if (raw == null) {
                    break;
                }
                line++;
                if (line == 1 && raw.startsWith("\uFEFF")) {
                    raw = raw.substring(1);
                }
                if (raw.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON_LINE.readTree(raw);
                } catch (JsonProcessingException e) {
                    throw new BenchmarkFormatException(file, line, null, "not valid JSON: " + e.getOriginalMessage());
                }
                if (!(node instanceof ObjectNode object)) {
                    throw new BenchmarkFormatException(file, line, null, "expected a JSON object, found " + node.getNodeType());
                }
                out.add(new Rec(line, Integer.toString(out.size()), object));
            }
        } catch (IOException e) {
            throw new BenchmarkFormatException(file, line, null, "cannot read: " + e.getMessage());
        }
        return out;
    }

    // ---------------------------------------------------------------- JSON document

    /**
     * A JSON array of objects (keys "0", "1", ...) or a JSON object whose values are the records (MATH500's layout,
     * keys as in the file, in file order; REST iterates {@code data.keys()}).
     */
    static List<Rec> readJsonDocument(Path file) {
        List<Rec> out = new ArrayList<>();
        try (BufferedReader reader = strictUtf8(file); JsonParser p = JSON.createParser(reader)) {
            JsonToken root = p.nextToken();
            if (root == JsonToken.START_ARRAY) {
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (t == null) {
                        throw new BenchmarkFormatException(file, line(p), null, "unterminated JSON array");
                    }
                    out.add(record(file, p, t, Integer.toString(out.size())));
                }
            } else if (root == JsonToken.START_OBJECT) {
                Set<String> keys = new HashSet<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    if (t != JsonToken.FIELD_NAME) {
                        throw new BenchmarkFormatException(file, line(p), null, "unterminated JSON object");
                    }
                    String key = p.currentName();
                    if (!keys.add(key)) {
                        throw new BenchmarkFormatException(file, line(p), null, "duplicate key \"" + key + "\"");
                    }
                    out.add(record(file, p, p.nextToken(), key));
                }
            } else {
                throw new BenchmarkFormatException(file, line(p), null,
                        "expected a JSON array of records or an object of records");
            }
            if (p.nextToken() != null) {
                throw new BenchmarkFormatException(file, line(p), null, "content after the end of the JSON document");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BenchmarkFormatException(file, at == null ? 0 : at.getLineNr(), null, "not valid JSON: " + e.getOriginalMessage());
        } catch (CharacterCodingException e) {
            throw new BenchmarkFormatException(file, 0, null, "not valid UTF-8");
        } catch (IOException e) {
            throw new BenchmarkFormatException(file, 0, null, "cannot read: " + e.getMessage());
        }
        return out;
    }

    private static Rec record(Path file, JsonParser p, JsonToken t, String key) throws IOException {
        long line = line(p);
        if (t != JsonToken.START_OBJECT) {
            throw new BenchmarkFormatException(file, line, null, "record " + key + " is not a JSON object (found " + t + ")");
        }
        JsonNode node = p.readValueAsTree();
        return new Rec(line, key, (ObjectNode) node);
    }

    private static long line(JsonParser p) {
        JsonLocation at = p.currentTokenLocation();
        return at == null ? 0 : at.getLineNr();
    }

    private static BufferedReader strictUtf8(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder));
    }

    // ---------------------------------------------------------------- GPQA CSV

    /**
     * REST's {@code StressGPQADataset.load}: rows whose column 8 (index 7) is "Question" are headers; the k-th data row
     * (from 1) shows its options [correct, wrong1, wrong2, wrong3] in the order {@code GPQA_PATTERNS[k % 4]}; the gold is
     * the first letter whose text equals the correct answer. The item text is
     * {@code question + "\n\nA) " + a + "\nB) " + b + "\nC) " + c + "\nD) " + d}, nothing stripped.
     */
    private static List<Question> gpqa(String name, Path file) {
        List<Question> out = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();
        try (BufferedReader reader = strictUtf8(file); CSVParser csv = format.parse(reader)) {
            int k = 0;
            long nextLine = 1;
            Iterator<CSVRecord> it = csv.iterator();
            while (true) {
                CSVRecord row;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    row = it.next();
                } catch (UncheckedIOException e) {
                    throw new BenchmarkFormatException(file, nextLine, null, "bad CSV: " + e.getCause().getMessage());
                }
                long line = nextLine;
                nextLine = csv.getCurrentLineNumber() + 1;
                if (row.size() > GPQA_QUESTION && "Question".equals(row.get(GPQA_QUESTION))) {
                    continue;
                }
                if (row.size() < GPQA_CORRECT + 4) {
                    throw new BenchmarkFormatException(file, line, field(row.size()),
                            "row has " + row.size() + " columns; GPQA needs Question (column 8), Correct Answer and three "
                                    + "Incorrect Answers (columns 9-12)");
                }
                k++;
                String[] original = new String[4];
                for (int o = 0; o < 4; o++) {
                    original[o] = row.get(GPQA_CORRECT + o);
                }
                String pattern = GPQA_PATTERNS[k % 4];
                String[] shown = new String[4];
                for (int i = 0; i < 4; i++) {
                    shown[i] = original[pattern.charAt(i) - 'A'];
                }
                String gold = null;
                for (int i = 0; i < 4 && gold == null; i++) {
                    if (shown[i].equals(original[0])) {
                        gold = String.valueOf((char) ('A' + i));
                    }
                }
                String question = row.get(GPQA_QUESTION);
                if (question.isBlank()) {
                    throw new BenchmarkFormatException(file, line, "Question", "empty");
                }
                String item = question + "\n\nA) " + shown[0] + "\nB) " + shown[1] + "\nC) " + shown[2] + "\nD) " + shown[3];
                out.add(new Question(name + "-" + (k - 1), item, gold, AnswerKind.CHOICE));
            }
        } catch (CharacterCodingException e) {
            throw new BenchmarkFormatException(file, 0, null, "not valid UTF-8");
        } catch (IOException e) {
            throw new BenchmarkFormatException(file, 0, null, "cannot read CSV: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new BenchmarkFormatException(file, 0, null, "no data rows");
        }
        return List.copyOf(out);
    }

    private static String field(int columns) {
        String[] names = {"Question", "Correct Answer", "Incorrect Answer 1", "Incorrect Answer 2", "Incorrect Answer 3"};
        return columns <= GPQA_QUESTION ? names[0] : names[Math.min(columns - GPQA_QUESTION, 4)];
    }

    // ---------------------------------------------------------------- fields

    /** A string field; {@code nonBlank} rejects empty or whitespace-only text (the text itself is never altered). */
    static String text(Path file, Rec r, String field, boolean nonBlank) {
        JsonNode value = r.node().get(field);
        if (value == null || value.isNull()) {
            throw new BenchmarkFormatException(file, r.line(), field, "missing" + fieldsHint(r));
        }
        if (!value.isTextual()) {
            throw new BenchmarkFormatException(file, r.line(), field, "expected a string, found " + kind(value));
        }
        if (nonBlank && value.textValue().isBlank()) {
            throw new BenchmarkFormatException(file, r.line(), field, "empty");
        }
        return value.textValue();
    }

    /** A gold answer: a string as is, or a JSON number printed as Python's {@code str()} prints it (27.0 -> "27.0"). */
    static String gold(Path file, Rec r, String field) {
        JsonNode value = r.node().get(field);
        if (value == null || value.isNull()) {
            throw new BenchmarkFormatException(file, r.line(), field, "missing" + fieldsHint(r));
        }
        String gold;
        if (value.isTextual()) {
            gold = value.textValue();
        } else if (value.isIntegralNumber()) {
            gold = PythonFloats.str(value.bigIntegerValue());
        } else if (value.isFloatingPointNumber()) {
            gold = PythonFloats.repr(value.doubleValue());
        } else {
            throw new BenchmarkFormatException(file, r.line(), field, "expected a string or a number, found " + kind(value));
        }
        if (gold.isBlank()) {
            throw new BenchmarkFormatException(file, r.line(), field, "empty");
        }
        return gold;
    }

    /** An optional tag: null when absent, null or blank; a string as is. */
    static String optionalText(Rec r, String field) {
        JsonNode value = r.node().get(field);
        return value == null || !value.isTextual() || value.textValue().isBlank() ? null : value.textValue().strip();
    }

    /**
     * MATH's difficulty level, optional: an integer (MATH500's {@code 3}) or the original MATH's {@code "Level 3"};
     * null when absent. Anything else is a format error rather than a silently lost tag.
     */
    static Integer mathLevel(Path file, Rec r) {
        JsonNode value = r.node().get("level");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isTextual()) {
            String digits = value.textValue().strip().replaceFirst("^(?i)level\\s*", "");
            if (digits.matches("[0-9]{1,3}")) {
                return Integer.parseInt(digits);
            }
        }
        throw new BenchmarkFormatException(file, r.line(), "level", "expected a MATH level (3 or \"Level 3\"), found "
                + abbreviate(value.toString()));
    }

    private static String id(Path file, Rec r, String field) {
        JsonNode value = r.node().get(field);
        if (value == null || value.isNull()) {
            throw new BenchmarkFormatException(file, r.line(), field, "missing" + fieldsHint(r));
        }
        if (value.isTextual() && !value.textValue().isBlank()) {
            return value.textValue();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        throw new BenchmarkFormatException(file, r.line(), field, "an id must be a non-empty string or an integer, found " + kind(value));
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String fieldsHint(Rec r) {
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.node().fields(); it.hasNext(); ) {
            names.add(it.next().getKey());
            if (names.size() == 12) {
                break;
            }
        }
        return " (record has fields " + names + ")";
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace("\n", "\\n");
        return "'" + (oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine) + "'";
    }
}
