package dev.stresslab.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.contracts.AnswerKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LiveCodeBench {@code code_generation_lite} as REST loads it (rest-livecodebench.md section 1): the release's files in
 * order ({@code test.jsonl}, {@code test2.jsonl} ... {@code test5.jsonl} for release_v5; {@code .parquet} files of the
 * same names are read too), every row checked and decoded (a malformed row outside the date window still fails the
 * load, as in REST), then the rows whose contest date lies in the window, in file order.
 */
public final class LiveCodeBench {
    public static final String NAME = "livecodebench";
    /** The release_v5 files, in REST's order. */
    public static final List<String> RELEASE_V5 = List.of("test", "test2", "test3", "test4", "test5");

    /** Placeholders REST's {@code safe_format} fills inside statements, in column order (section 3.3). */
    static final List<String> PROMPT_COLUMNS = List.of("platform", "question_id", "contest_id", "contest_date",
            "starter_code", "difficulty", "public_test_cases", "private_test_cases", "metadata", "format_prompt",
            "evaluation_sample", "question_content_list", "question_id_list", "q_key", "a_key", "subdivision", "idx");

    /** Contest dates kept, both bounds inclusive, compared as date-times (REST: 2024-08-01 to 2025-02-01 00:00). */
    public record DateWindow(LocalDateTime start, LocalDateTime end) {
        public static final DateWindow REST_V5 = of("2024-08-01", "2025-02-01");
        /** The setting names every service reads the window from (the composer and code-runner must agree). */
        public static final String START_KEY = "stresslab.livecodebench.window-start";
        public static final String END_KEY = "stresslab.livecodebench.window-end";

        /** The window from settings ({@link #START_KEY}, {@link #END_KEY}); REST's where unset. */
        public static DateWindow fromSettings(java.util.function.Function<String, java.util.Optional<String>> setting) {
            return of(setting.apply(START_KEY).orElse("2024-08-01"), setting.apply(END_KEY).orElse("2025-02-01"));
        }

        /** Bounds as {@code YYYY-MM-DD} (midnight, like REST's strptime) or full ISO date-times. */
        public static DateWindow of(String start, String end) {
            return new DateWindow(bound(start), bound(end));
        }

        private static LocalDateTime bound(String s) {
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay() : LocalDateTime.parse(s);
        }

        public boolean contains(LocalDateTime t) {
            return !t.isBefore(start) && !t.isAfter(end);
        }
    }

    private LiveCodeBench() {
    }

    /** The release's files inside {@code dir} (test.jsonl required; test2..test5 read when present). */
    public static List<Path> releaseFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        for (String base : RELEASE_V5) {
            Path jsonl = dir.resolve(base + ".jsonl");
            Path parquet = dir.resolve(base + ".parquet");
            if (Files.isRegularFile(jsonl)) {
                files.add(jsonl);
            } else if (Files.isRegularFile(parquet)) {
                files.add(parquet);
            } else if (base.equals("test")) {
                throw new BenchmarkFormatException(jsonl, 0, null, "file not found (LiveCodeBench code_generation_lite; "
                        + "see docs/code.md: getting the data)");
            }
        }
        return files;
    }

    /** Problems of a directory (its release files) or of one file, inside the window, in file order. */
    public static List<LiveCodeBenchProblem> load(Path dirOrFile, DateWindow window) {
        List<Path> files = Files.isDirectory(dirOrFile) ? releaseFiles(dirOrFile) : List.of(dirOrFile);
        List<LiveCodeBenchProblem> kept = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new BenchmarkFormatException(file, 0, null, "file not found");
            }
            List<BenchmarkLoaders.Rec> records = file.getFileName().toString().endsWith(".parquet")
                    ? ParquetRecords.read(file) : BenchmarkLoaders.readJsonl(file);
            for (BenchmarkLoaders.Rec r : records) {
                LiveCodeBenchProblem p = row(file, r);
                if (!ids.add(p.questionId())) {
                    throw new BenchmarkFormatException(file, r.line(), "question_id", "duplicate question id '" + p.questionId() + "'");
                }
                if (window.contains(p.contestDate())) {
                    kept.add(p);
                }
            }
        }
        if (kept.isEmpty()) {
            throw new BenchmarkFormatException(files.get(0), 0, null, "no problem has a contest date in " + window);
        }
        return List.copyOf(kept);
    }

    /** The problems as a benchmark: one question per problem, id = question_id, text = REST's per-slot text. */
    public static Benchmark benchmark(List<LiveCodeBenchProblem> problems, List<Integer> defaultLevels) {
        List<Question> questions = new ArrayList<>(problems.size());
        for (LiveCodeBenchProblem p : problems) {
            questions.add(new Question(p.questionId(), p.slotText(), p.questionId(), AnswerKind.CODE));
        }
        return new Benchmark(NAME, AnswerKind.CODE, questions, defaultLevels, placeholderValues(problems));
    }

    /**
     * For REST's placeholder quirk: per question id, the values of the columns whose {@code {name}} occurs in some
     * statement (or in a value that would be substituted), so prompts can be built without keeping every row's tests.
     */
    static Map<String, Map<String, String>> placeholderValues(List<LiveCodeBenchProblem> problems) {
        Set<String> needed = new LinkedHashSet<>();
        List<String> scan = new ArrayList<>();
        for (LiveCodeBenchProblem p : problems) {
            scan.add(p.content());
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String col : PROMPT_COLUMNS) {
                String ph = "{" + col + "}";
                if (!needed.contains(col) && scan.stream().anyMatch(s -> s.contains(ph))) {
                    needed.add(col);
                    grew = true;
                    for (LiveCodeBenchProblem p : problems) {
                        scan.add(rawValue(p, col));
                    }
                }
            }
        }
        if (needed.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (LiveCodeBenchProblem p : problems) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String col : needed) {
                values.put(col, rawValue(p, col));
            }
            values.put("question_content", p.content());
            values.put("format_prompt", p.formatPrompt());
            out.put(p.questionId(), values);
        }
        return out;
    }

    /** A row's own value for a column (list columns and per-prompt columns get their per-row parts). */
    private static String rawValue(LiveCodeBenchProblem p, String col) {
        return switch (col) {
            case "format_prompt" -> p.formatPrompt();
            case "evaluation_sample" -> p.evaluationSample();
            case "question_content_list" -> p.content();
            case "question_id_list" -> p.questionId();
            case "q_key", "a_key", "subdivision", "idx" -> "";
            default -> p.columns().getOrDefault(col, "");
        };
    }

    static LiveCodeBenchProblem row(Path file, BenchmarkLoaders.Rec r) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String col : LiveCodeBenchProblem.COLUMNS) {
            JsonNode v = r.node().get(col);
            if (v == null || !v.isTextual()) {
                throw new BenchmarkFormatException(file, r.line(), col, v == null ? "missing" : "not a string");
            }
            columns.put(col, v.textValue());
        }
        List<CodeTest> tests = new ArrayList<>(tests(file, r, "public_test_cases", columns.get("public_test_cases")));
        String priv = columns.get("private_test_cases");
        String privJson;
        try {
            BenchmarkLoaders.JSON.readTree(priv);
            privJson = priv;
        } catch (JsonProcessingException notJson) {
            try {
                privJson = PickledString.decodePacked(priv);
            } catch (IllegalArgumentException e) {
                throw new BenchmarkFormatException(file, r.line(), "private_test_cases",
                        "neither JSON nor base64(zlib(pickle(str))): " + e.getMessage());
            }
        }
        tests.addAll(tests(file, r, "private_test_cases", privJson));
        String fnName = null;
        try {
            JsonNode meta = BenchmarkLoaders.JSON.readTree(columns.get("metadata"));
            if (meta == null || !meta.isObject()) {
                throw new BenchmarkFormatException(file, r.line(), "metadata", "not a JSON object");
            }
            JsonNode fn = meta.get("func_name");
            if (fn != null && !fn.isNull()) {
                if (!fn.isTextual()) {
                    throw new BenchmarkFormatException(file, r.line(), "metadata", "func_name is not a string");
                }
                fnName = fn.textValue();
            }
        } catch (JsonProcessingException e) {
            throw new BenchmarkFormatException(file, r.line(), "metadata", "not JSON: " + e.getOriginalMessage());
        }
        LocalDateTime date = contestDate(file, r, columns.get("contest_date"));
        return new LiveCodeBenchProblem(columns, date, tests, fnName,
                LiveCodeBenchProblem.formatPrompt(columns.get("starter_code")));
    }

    private static List<CodeTest> tests(Path file, BenchmarkLoaders.Rec r, String field, String json) {
        JsonNode list;
        try {
            list = BenchmarkLoaders.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BenchmarkFormatException(file, r.line(), field, "not JSON: " + e.getOriginalMessage());
        }
        if (list == null || !list.isArray()) {
            throw new BenchmarkFormatException(file, r.line(), field, "not a JSON list of tests");
        }
        List<CodeTest> out = new ArrayList<>(list.size());
        for (JsonNode t : list) {
            JsonNode in = t.get("input");
            JsonNode out1 = t.get("output");
            if (in == null || !in.isTextual() || out1 == null || !out1.isTextual()) {
                throw new BenchmarkFormatException(file, r.line(), field, "test " + (out.size() + 1)
                        + " lacks string 'input' and 'output'");
            }
            out.add(new CodeTest(in.textValue(), out1.textValue()));
        }
        return out;
    }

    /** Python's {@code datetime.fromisoformat} for the naive forms real rows use. */
    static LocalDateTime contestDate(Path file, BenchmarkLoaders.Rec r, String s) {
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay();
            }
            String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + "T" + s.substring(11) : s;
            return LocalDateTime.parse(iso);
        } catch (DateTimeParseException e) {
            throw new BenchmarkFormatException(file, r.line(), "contest_date",
                    "not a naive ISO date-time (REST compares naive datetimes): " + s);
        }
    }
}
