package dev.stresslab.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.AnswerKind;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** File readers for each benchmark format; question text is kept exactly as the file holds it. */
final class BenchmarkLoaders {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] GPQA_PATTERNS = {"ABCD", "BCDA", "CDAB", "DABC"};

    private BenchmarkLoaders() {
    }

    static List<Question> read(String name, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BenchmarkFormatException(file, 0, null, "file not found (see README: getting the datasets)");
        }
        return switch (name) {
            case "gsm8k" -> jsonl(name, file, "question", (node, line) -> gsm8kGold(file, line, node));
            case "math500" -> math500(file);
            case "aime2024" -> jsonl(name, file, "origin_prompt", (node, line) -> text(file, line, node, "gold_answer"));
            case "aime2025" -> jsonl(name, file, "question", (node, line) -> text(file, line, node, "answer"));
            case "amc23" -> jsonl(name, file, "question", (node, line) -> number(file, line, node, "answer"));
            case "gpqa-diamond" -> gpqa(file);
            default -> throw new IllegalArgumentException("no loader for " + name);
        };
    }

    interface GoldReader {
        String gold(JsonNode node, long line);
    }

    private static List<Question> jsonl(String name, Path file, String questionField, GoldReader gold) {
        List<Question> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String raw = lines.get(i);
                if (raw.isBlank()) {
                    continue;
                }
                long line = i + 1;
                JsonNode node = parse(file, line, raw);
                out.add(new Question(name + "-" + out.size(), text(file, line, node, questionField),
                        gold.gold(node, line), AnswerKind.MATH));
            }
        } catch (IOException e) {
            throw new BenchmarkFormatException(file, 0, null, "cannot read: " + e.getMessage());
        }
        return List.copyOf(out);
    }

    private static List<Question> math500(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new BenchmarkFormatException(file, 0, null, "not a JSON object: " + e.getMessage());
        }
        List<Question> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode node = e.getValue();
            out.add(new Question("math500-" + e.getKey(), text(file, 0, node, "problem"),
                    text(file, 0, node, "answer"), AnswerKind.MATH));
        }
        return List.copyOf(out);
    }

    private static List<Question> gpqa(Path file) {
        List<Question> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            int k = 0;
            for (CSVRecord row : csv) {
                k++;
                if (row.size() < 12) {
                    throw new BenchmarkFormatException(file, row.getRecordNumber() + 1, "Incorrect Answer 3", "row has " + row.size() + " columns");
                }
                String[] original = {row.get(8), row.get(9), row.get(10), row.get(11)};
                String pattern = GPQA_PATTERNS[k % 4];
                StringBuilder item = new StringBuilder(row.get(7));
                String gold = null;
                for (int i = 0; i < 4; i++) {
                    int source = pattern.charAt(i) - 'A';
                    item.append(i == 0 ? "\n\n" : "\n").append((char) ('A' + i)).append(") ").append(original[source]);
                    if (source == 0) {
                        gold = String.valueOf((char) ('A' + i));
                    }
                }
                out.add(new Question("gpqa-diamond-" + (k - 1), item.toString(), gold, AnswerKind.CHOICE));
            }
        } catch (IOException e) {
            throw new BenchmarkFormatException(file, 0, null, "cannot read CSV: " + e.getMessage());
        }
        return List.copyOf(out);
    }

    private static JsonNode parse(Path file, long line, String raw) {
        try {
            return JSON.readTree(raw);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BenchmarkFormatException(file, line, null, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    static String text(Path file, long line, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new BenchmarkFormatException(file, line, field, "missing");
        }
        if (!value.isTextual()) {
            throw new BenchmarkFormatException(file, line, field, "expected a string, found " + value.getNodeType());
        }
        return value.textValue();
    }

    private static String number(Path file, long line, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new BenchmarkFormatException(file, line, field, "expected a number");
        }
        // REST prints the float as Python does: 27.0 stays "27.0".
        return Double.toString(value.doubleValue());
    }

    private static String gsm8kGold(Path file, long line, JsonNode node) {
        String answer = text(file, line, node, "answer");
        int mark = answer.lastIndexOf("#### ");
        if (mark < 0) {
            throw new BenchmarkFormatException(file, line, "answer", "no '#### ' marker before the final answer");
        }
        return answer.substring(mark + 5).replace(",", "").trim();
    }
}
