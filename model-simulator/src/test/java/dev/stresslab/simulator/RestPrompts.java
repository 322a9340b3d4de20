package dev.stresslab.simulator;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.BenchmarkCatalog;
import dev.stresslab.benchmarks.Question;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helper: REST's grouping and templates (rest-method.md sections 2 and 3) and a simple boxed-answer reader. */
public final class RestPrompts {
    public static final Path DATASETS = Path.of("../../shared/datasets");
    static final String MATH_INSTRUCTION =
            "Answer the above questions one by one. Remember to put your final answer within \\boxed{}.";
    static final String CHOICE_HEAD = "Answer the following multiple choice question one by one. Remember to give each "
            + "answer in the following format: 'ANSWER: \\boxed{{$LETTER}}' (without quotes) where LETTER is one of ABCD.";
    static final String CHOICE_TAIL = "Answer the above multiple choice question one by one. Remember to give each "
            + "answer in the following format: 'ANSWER: \\boxed{{$LETTER}}' (without quotes) where LETTER is one of ABCD.";
    private static final Pattern BOX = Pattern.compile("\\\\boxed\\{([^{}]*)}");
    private static final Pattern TOKENS = Pattern.compile("Q(\\d+)\\. .*?\\[\\.\\.\\. (\\d+) reasoning tokens \\.\\.\\.]", Pattern.DOTALL);
    private static final ConcurrentHashMap<String, Benchmark> CACHE = new ConcurrentHashMap<>();

    private RestPrompts() {
    }

    public static Benchmark benchmark(String name) {
        return CACHE.computeIfAbsent(name, n -> BenchmarkCatalog.load(n, DATASETS));
    }

    /** Prompt {@code index} of level {@code level}: q(i+1), …, q(i+s-1), then q(i) last. */
    public static List<Question> group(List<Question> qs, int level, int index) {
        List<Question> out = new ArrayList<>();
        for (int j = 1; j < level; j++) {
            out.add(qs.get((index + j) % qs.size()));
        }
        out.add(qs.get(index));
        return out;
    }

    public static String math(List<Question> group) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < group.size(); j++) {
            sb.append('Q').append(j + 1).append(": ").append(group.get(j).text()).append("\n\n");
        }
        return sb + "\n" + MATH_INSTRUCTION;
    }

    public static String choice(List<Question> group) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < group.size(); j++) {
            sb.append('Q').append(j + 1).append(": ").append(group.get(j).text()).append("\n\n");
        }
        return CHOICE_HEAD + "\n\n" + sb + "\n\n" + CHOICE_TAIL;
    }

    /** The boxed answers in order (REST's positional rule, simplified: no nested braces). */
    public static List<String> boxed(String content) {
        List<String> out = new ArrayList<>();
        if (content == null) {
            return out;
        }
        Matcher m = BOX.matcher(content);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Reasoning tokens per question position read from the simulator's compact reasoning text markers. */
    public static long[] reasoningTokensByPosition(String reasoning, int level) {
        long[] out = new long[level];
        if (reasoning == null) {
            return out;
        }
        Matcher m = TOKENS.matcher(reasoning);
        while (m.find()) {
            int pos = Integer.parseInt(m.group(1));
            if (pos >= 1 && pos <= level) {
                out[pos - 1] += Long.parseLong(m.group(2));
            }
        }
        return out;
    }
}
