package dev.stresslab.composer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.BenchmarkCatalog;
import dev.stresslab.benchmarks.BenchmarkFormatException;
import dev.stresslab.benchmarks.GoldTransform;
import dev.stresslab.benchmarks.Question;
import dev.stresslab.benchmarks.UserFileMapping;
import dev.stresslab.composer.client.ReferenceRuns;
import dev.stresslab.composer.domain.InvalidRunException;
import dev.stresslab.composer.domain.QuestionDifficulty;
import dev.stresslab.composer.domain.RunOptions;
import dev.stresslab.composer.domain.RunPlanner;
import dev.stresslab.composer.domain.StressPlan;
import dev.stresslab.composer.domain.StressPrompt;
import dev.stresslab.composer.domain.SystemPromptPolicy;
import dev.stresslab.contracts.AnswerKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code prompts}: writes every stress prompt of a benchmark file and stress levels as JSON Lines, one line per prompt
 * with exactly the fields {@code benchmark, level, index, questionIds, goldAnswers, system, user}. Pure: no Kafka, no
 * HTTP. Exit codes: 0 done, 1 the benchmark file is unreadable or malformed, 2 bad usage.
 */
public final class PromptsCommand {
    public static final String NAME = "prompts";

    public static final String USAGE = """
            usage: prompts --benchmark NAME (--file PATH | --datasets-dir DIR) [options]

              --benchmark NAME        a known benchmark (%s; aliases aime24, aime25, gpqa, ...)
                                      or any label for a user file
              --file PATH             the benchmark file ("-" = JSON Lines/JSON on standard input)
              --datasets-dir DIR      a directory laid out like REST's data/ folder (known benchmarks only)
              --levels 1,3,...        stress levels (default: the benchmark's REST levels that fit the questions)
              --limit N               use only the first N questions
              --ids ID,ID,...         use only these question ids (in this order)
              --system TEXT           system prompt for every prompt (default: none, "system": null)
              --model ID              apply REST's per-model default (Nemotron: "detailed thinking on" on
                                      aime2024/aime2025/amc23); --system wins
              --question-order O      dataset (default: REST's order) | easy-first | hard-first
              --difficulty-from FILE  a reference run's results.jsonl (analytics' export) whose per-question
                                      accuracy orders each prompt's questions (with easy-first/hard-first)
            user files (JSONL, JSON array, JSON object of records; any option below switches to this mode,
            as does a --benchmark name that is not a known one):
              --question-field F      field holding the question text (default: question)
              --answer-field F        field holding the gold answer (default: answer)
              --id-field F            field holding a question id (default: <benchmark>-<position>)
              --kind math|choice      template and grading (default: math)
              --gold-transform T      none | after-#### | last-boxed (default: none)
            output: one JSON object per line: benchmark, level, index, questionIds, goldAnswers, system, user
            """;

    private static final Set<String> FLAGS = Set.of("--benchmark", "--file", "--datasets-dir", "--levels", "--limit",
            "--ids", "--system", "--model", "--question-order", "--difficulty-from", "--question-field", "--answer-field", "--id-field", "--kind",
            "--gold-transform");
    private static final Set<String> USER_FILE_FLAGS = Set.of("--question-field", "--answer-field", "--id-field",
            "--kind", "--gold-transform");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PromptsCommand() {
    }

    /** Bad arguments: reported with the usage text, exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Path stdinCopy = null;
        try {
            if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
                out.print(usage());
                out.flush();
                return 0;
            }
            Map<String, String> opts = parse(args);
            String name = require(opts, "--benchmark");
            Optional<BenchmarkCatalog.Entry> known = BenchmarkCatalog.entry(name);
            boolean userMode = known.isEmpty() || opts.keySet().stream().anyMatch(USER_FILE_FLAGS::contains);

            Path file = null;
            if (opts.containsKey("--file")) {
                if (opts.containsKey("--datasets-dir")) {
                    throw new UsageException("give either --file or --datasets-dir, not both");
                }
                if ("-".equals(opts.get("--file"))) {
                    stdinCopy = copyStdin(in);
                    file = stdinCopy;
                } else {
                    file = Path.of(opts.get("--file"));
                }
            } else if (opts.containsKey("--datasets-dir")) {
                if (userMode) {
                    throw new UsageException(known.isEmpty()
                            ? "unknown benchmark '" + name + "' (known: " + BenchmarkCatalog.names() + "); a user file needs --file"
                            : "--datasets-dir reads the known format of " + known.get().name() + "; field options need --file");
                }
                file = Path.of(opts.get("--datasets-dir")).resolve(known.get().relativePath());
            } else {
                throw new UsageException("missing --file or --datasets-dir");
            }

            List<Integer> levels = opts.containsKey("--levels") ? levels(opts.get("--levels")) : null;
            Integer limit = opts.containsKey("--limit") ? positive("--limit", opts.get("--limit")) : null;
            List<String> ids = ids(opts);
            UserFileMapping mapping = userMode ? mapping(opts) : null;
            QuestionDifficulty difficulty = null;
            if (opts.containsKey("--difficulty-from")) {
                Path results = Path.of(opts.get("--difficulty-from"));
                try (InputStream rows = Files.newInputStream(results)) {
                    difficulty = ReferenceRuns.fromResults(results.getFileName().toString(), rows);
                } catch (IOException e) {
                    err.println("prompts: cannot read --difficulty-from " + results + ": " + e.getMessage());
                    err.flush();
                    return 1;
                }
            }

            Benchmark benchmark;
            try {
                benchmark = userMode
                        ? BenchmarkCatalog.loadUserFile(name, file, mapping)
                        : BenchmarkCatalog.load(known.get(), file);
            } catch (BenchmarkFormatException e) {
                err.println(e.getMessage());
                err.flush();
                return 1;
            }
            RunOptions options = new RunOptions(opts.get("--model"), levels, limit, ids, 1, opts.get("--system"), null,
                    opts.get("--question-order"), opts.containsKey("--difficulty-from") ? difficulty.referenceRunId() : null);
            // --model applies REST's own rule only; --system wins over it (the planner's precedence)
            SystemPromptPolicy rules = opts.containsKey("--model") ? SystemPromptPolicy.restDefaults() : SystemPromptPolicy.none();
            StressPlan plan;
            try {
                plan = RunPlanner.plan(options, benchmark, rules, Long.MAX_VALUE, difficulty);
            } catch (InvalidRunException e) {
                throw new UsageException(e.getMessage());
            }
            for (StressPrompt p : plan.prompts()) {
                out.write(line(p));
            }
            out.flush();
            return 0;
        } catch (UsageException e) {
            err.println("prompts: " + e.getMessage());
            err.print(usage());
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("prompts: cannot read standard input: " + e.getMessage());
            err.flush();
            return 1;
        } finally {
            if (stdinCopy != null) {
                try {
                    Files.deleteIfExists(stdinCopy);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    static String usage() {
        return String.format(USAGE, String.join(", ", BenchmarkCatalog.names()));
    }

    /** One JSON line (UTF-8 bytes, ending in '\n') with the fields in their documented order. */
    static byte[] line(StressPrompt p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("benchmark", p.benchmark());
        node.put("level", p.level());
        node.put("index", p.index());
        ArrayNode ids = node.putArray("questionIds");
        ArrayNode golds = node.putArray("goldAnswers");
        for (Question q : p.questions()) {
            ids.add(q.id());
            golds.add(q.gold());
        }
        if (p.system() == null) {
            node.putNull("system");
        } else {
            node.put("system", p.system());
        }
        node.put("user", p.user());
        try {
            return (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value;
            String flag;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                flag = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else {
                flag = a;
                if (!FLAGS.contains(flag)) {
                    throw new UsageException(a.startsWith("-") ? "unknown option " + a : "unexpected argument '" + a + "'");
                }
                if (i + 1 >= args.length) {
                    throw new UsageException(flag + " needs a value");
                }
                value = args[++i];
            }
            if (!FLAGS.contains(flag)) {
                throw new UsageException("unknown option " + flag);
            }
            if (opts.put(flag, value) != null) {
                throw new UsageException(flag + " given twice");
            }
        }
        return opts;
    }

    private static String require(Map<String, String> opts, String flag) {
        String v = opts.get(flag);
        if (v == null || v.isBlank()) {
            throw new UsageException("missing " + flag);
        }
        return v;
    }

    static List<Integer> levels(String text) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int level = positive("--levels", part);
            if (!out.contains(level)) {
                out.add(level);
            }
        }
        return out;
    }

    private static List<String> ids(Map<String, String> opts) {
        if (!opts.containsKey("--ids")) {
            return null;
        }
        List<String> ids = Arrays.stream(opts.get("--ids").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (ids.isEmpty()) {
            throw new UsageException("--ids needs at least one id");
        }
        return ids;
    }

    private static UserFileMapping mapping(Map<String, String> opts) {
        AnswerKind kind;
        try {
            kind = AnswerKind.fromJson(opts.getOrDefault("--kind", "math"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kind must be math or choice, was '" + opts.get("--kind") + "'");
        }
        GoldTransform transform;
        try {
            transform = GoldTransform.parse(opts.getOrDefault("--gold-transform", "none"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            return new UserFileMapping(opts.getOrDefault("--question-field", "question"),
                    opts.getOrDefault("--answer-field", "answer"), opts.get("--id-field"), kind, transform);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int positive(String flag, String text) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(flag + " needs whole numbers of at least 1, was '" + text + "'");
    }

    private static Path copyStdin(InputStream in) throws IOException {
        byte[] data = in.readAllBytes();
        int i = 0;
        while (i < data.length && Character.isWhitespace(data[i])) {
            i++;
        }
        String suffix = i < data.length && data[i] == '[' ? ".json" : ".jsonl";
        Path tmp = Files.createTempFile("prompts-stdin-", suffix);
        Files.write(tmp, data);
        return tmp;
    }
}
