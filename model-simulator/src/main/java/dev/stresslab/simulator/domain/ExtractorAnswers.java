package dev.stresslab.simulator.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's answer extractor, for REST's GPQA LLM-extraction prompt (opendatalab/REST,
 * {@code stress_test_gpqa_llmextract_gen.py}): it reads the task's last {@code <Questions Begin>} and
 * {@code <Predictions Begin>} blocks (the few-shot example comes first), counts the questions, and answers
 * {@code Answer to Qk: \boxed{X}} per question as the prompt asks, {@code \boxed{None}} where the prediction has no
 * answer for it. An answer is a choice letter in {@code \boxed{X}} or after {@code ANSWER:}; under labels
 * ({@code Q2}, {@code Answer to Q2}, {@code ### Q2}) the last answer in a question's part is its answer, without labels
 * the answers are taken in order. Deterministic, like an extractor at temperature 0.001.
 */
public final class ExtractorAnswers {
    static final String QUESTIONS_BEGIN = "<Questions Begin>:";
    static final String QUESTIONS_END = "<Questions End>";
    static final String PREDICTIONS_BEGIN = "<Predictions Begin>:";
    static final String PREDICTIONS_END = "<Predictions End>";
    private static final Pattern ANSWER = Pattern.compile(
            "\\\\boxed\\{\\{?\\s*\\(?([A-Da-d])\\)?\\s*}|ANSWER\\s*:\\s*\\**\\s*\\(?([A-D])\\b");
    private static final Pattern LABEL = Pattern.compile(
            "(?m)^[ \\t>#*_\\-]*(?:Answer (?:to|for) )?(?:Q|Question )(\\d{1,3})\\b");

    private ExtractorAnswers() {
    }

    /** Whether {@code prompt} is REST's extraction prompt. */
    public static boolean isExtractionPrompt(String prompt) {
        return prompt != null && prompt.contains(PREDICTIONS_BEGIN) && prompt.contains(QUESTIONS_BEGIN);
    }

    /** The extractor's reply to {@code prompt}. */
    public static String reply(String prompt) {
        String questions = lastBlock(prompt, QUESTIONS_BEGIN, QUESTIONS_END);
        String prediction = lastBlock(prompt, PREDICTIONS_BEGIN, PREDICTIONS_END);
        int count = questionCount(questions);
        List<String> answers = answers(prediction, count);
        StringBuilder out = new StringBuilder();
        for (int k = 1; k <= count; k++) {
            if (k > 1) {
                out.append('\n');
            }
            String a = answers.get(k - 1);
            out.append("Answer to Q").append(k).append(": \\boxed{").append(a == null ? "None" : a).append('}');
        }
        return out.toString();
    }

    static String lastBlock(String text, String begin, String end) {
        int b = text.lastIndexOf(begin);
        if (b < 0) {
            return "";
        }
        int from = b + begin.length();
        int e = text.indexOf(end, from);
        return e < 0 ? text.substring(from) : text.substring(from, e);
    }

    /** Questions are numbered Q1: … Qn: at line starts, in order (REST's {@code merge_gpqa} block). */
    static int questionCount(String questions) {
        int k = 0;
        while (Pattern.compile("(?m)^\\s*Q" + (k + 1) + ": ").matcher(questions).find()) {
            k++;
        }
        return Math.max(k, 1);
    }

    static List<String> answers(String prediction, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(null);
        }
        TreeMap<Integer, Integer> labels = new TreeMap<>();
        Matcher l = LABEL.matcher(prediction);
        while (l.find()) {
            int k = Integer.parseInt(l.group(1));
            if (k >= 1 && k <= count) {
                labels.put(l.start(), k);
            }
        }
        Matcher m = ANSWER.matcher(prediction);
        int next = 0;
        while (m.find()) {
            String letter = (m.group(1) != null ? m.group(1) : m.group(2)).toUpperCase(java.util.Locale.ROOT);
            var owner = labels.floorEntry(m.start());
            if (!labels.isEmpty()) {
                if (owner != null) {
                    out.set(owner.getValue() - 1, letter);
                }
            } else if (next < count) {
                out.set(next++, letter);
            }
        }
        return out;
    }
}
