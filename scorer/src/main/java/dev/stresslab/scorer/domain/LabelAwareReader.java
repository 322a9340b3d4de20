package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;

import dev.stresslab.scorer.parse.AnswerMarks;
import dev.stresslab.scorer.parse.AnswerMarks.Box;
import dev.stresslab.scorer.parse.AnswerMarks.Label;
import dev.stresslab.scorer.parse.OutputParser;
import dev.stresslab.scorer.parse.ParsedOutput;
import dev.stresslab.scorer.parse.RestGroup;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Stress Lab's second reading of a multi-answer output, next to REST's positional one: answers are matched to
 * questions by their labels ({@code Q3:}, {@code Answer to Q3}, {@code **Q3**}, {@code Question 3}), a final summary
 * list is recognised, and nothing is ever taken from inside reasoning (an unclosed {@code <think>} ends the readable
 * part). It also says, per position, where REST's positional rule is fooled.
 *
 * <p>Per-position flags: {@code omitted} (REST has no answer for the slot), {@code no-labelled-answer} (the label-aware
 * reading finds none either), {@code label-mismatch} (REST's box for this slot sits under another question's label),
 * {@code from-summary} (REST's box for this slot is in the final summary list), {@code from-truncated-reasoning}
 * (REST's box is inside an unclosed {@code <think>}), {@code unterminated-box} (REST's scan stopped here),
 * {@code lost-after-unterminated} (slot empty because an earlier group never closed), {@code positional-differs}
 * (REST's answer is not the label-aware one), {@code multiple-boxes} (several boxes under this question's label),
 * {@code summary-contradicts} (the summary's answer differs from the per-question work), {@code answer-from-summary}
 * (label-aware answer only found in the summary), {@code truncated-before-answer}, {@code unboxed-answer} (choice
 * letter read from an {@code ANSWER: X} line, or a math answer with no box read by {@code AnswerExtractor}).
 *
 * <p>Whole-output diagnostics: {@code truncated}, {@code unclosed-think}, {@code no-boxes}, {@code extra-answers},
 * {@code out-of-order}, {@code summary-list}, {@code summary-contradicts}, {@code unterminated-box},
 * {@code label-beyond-level}, {@code separate-reasoning}.
 */
public final class LabelAwareReader {

    private LabelAwareReader() {
    }

    /** Reads with plain normalised-text comparison for {@code summary-contradicts} and {@code positional-differs}. */
    public static SplitReport read(String content, String reasoning, String finishReason, int level) {
        return read(content, reasoning, finishReason, level, AnswerKind.MATH, LabelAwareReader::sameText);
    }

    /**
     * @param content      the completion's content (may hold {@code <think>} spans)
     * @param reasoning    separate reasoning text (reasoning_content), or null; when present content is the answer part
     * @param finishReason the server's finish_reason, or null
     * @param kind         for CHOICE, {@code ANSWER: X} lines also count as answers in the label-aware reading
     * @param same         equivalence of two answer contents (the grader in production)
     */
    public static SplitReport read(String content, String reasoning, String finishReason, int level, AnswerKind kind,
                                   BiPredicate<String, String> same) {
        return read(OutputParser.parse(content, reasoning, finishReason, level, kind), kind, same);
    }

    /**
     * Reads an output already parsed (the scorer parses once and shares the parse with the token attribution).
     * {@code kind} as {@link OutputParser#parse} was given it: for MATH, a question with no box is read with
     * {@link dev.stresslab.scorer.grading.AnswerExtractor} ({@link ParsedOutput#unboxedAnswers()}).
     */
    public static SplitReport read(ParsedOutput parsed, AnswerKind kind, BiPredicate<String, String> same) {
        int s = parsed.level();
        String text = parsed.restText();
        List<RestGroup> groups = parsed.restGroups();
        Set<String> diag = new LinkedHashSet<>();
        if (parsed.reasoningField() != null && !parsed.reasoningField().isEmpty()) {
            diag.add("separate-reasoning");
        }
        int cutoff = parsed.readableEnd();
        boolean unclosedThink = parsed.unclosedThink();
        boolean truncated = parsed.truncated();
        if (parsed.lengthCut()) {
            diag.add("truncated");
        }
        if (unclosedThink) {
            diag.add("unclosed-think");
            diag.add("truncated");
        }
        String readable = parsed.readable();

        List<Box> boxes = parsed.boxes();
        List<Label> found = parsed.labels();
        if (boxes.size() >= AnswerMarks.MAX_BOXES || found.size() >= AnswerMarks.MAX_LABELS
                || groups.size() >= RestGroup.MAX_GROUPS) {
            diag.add("scan-capped");
        }
        List<Label> labels = new ArrayList<>();
        for (Label l : found) {
            if (l.k() >= 1 && l.k() <= s) {
                labels.add(l);
            } else {
                diag.add("label-beyond-level");
            }
        }
        int summaryStart = AnswerMarks.summaryStart(readable, labels, boxes, s);

        // Per-question work: by label when there are labels, else by position.
        String[] work = new String[s];
        int[] workCount = new int[s];
        String[] summary = new String[s];
        Box[] workBox = new Box[s]; // where each answer sits, for the prompt viewer
        Box[] summaryBox = new Box[s];
        List<Label> workLabels = labels.stream().filter(l -> l.pos() < summaryStart).toList();
        List<Label> summaryLabels = labels.stream().filter(l -> l.pos() >= summaryStart).toList();
        List<Box> workBoxes = boxes.stream().filter(b -> b.start() < summaryStart).toList();
        List<Box> summaryBoxes = boxes.stream().filter(b -> b.start() >= summaryStart).toList();
        boolean unboxedUsed = false;
        boolean[] unboxed = new boolean[s];
        if (workLabels.isEmpty()) {
            int i = 0;
            for (Box b : preferBoxed(workBoxes)) {
                if (i < s) {
                    work[i] = b.content();
                    workBox[i] = b;
                    workCount[i] = 1;
                    unboxed[i] = b.unboxed();
                }
                i++;
            }
        } else {
            for (Box b : workBoxes) {
                Label owner = owner(workLabels, b.start());
                if (owner == null) {
                    continue;
                }
                int k = owner.k() - 1;
                if (b.unboxed() && work[k] != null && !unboxed[k]) {
                    continue; // a real box beats an ANSWER: line
                }
                work[k] = b.content();
                workBox[k] = b;
                unboxed[k] = b.unboxed();
                workCount[k]++;
            }
        }
        if (summaryStart < readable.length()) {
            if (summaryLabels.isEmpty()) {
                int i = 0;
                for (Box b : preferBoxed(summaryBoxes)) {
                    if (i < s) {
                        summary[i] = b.content();
                        summaryBox[i] = b;
                    }
                    i++;
                }
            } else {
                for (Box b : summaryBoxes) {
                    Label owner = owner(summaryLabels, b.start());
                    if (owner != null) {
                        summary[owner.k() - 1] = b.content();
                        summaryBox[owner.k() - 1] = b;
                    }
                }
            }
            diag.add("summary-list");
        }

        List<String> rest = new ArrayList<>(s);
        List<String> restExtracted = new ArrayList<>(s);
        List<String> labelAnswers = new ArrayList<>(s);
        List<String> sources = new ArrayList<>(s);
        List<Box> labelBoxes = new ArrayList<>(s);
        List<Set<VerdictFlag>> flags = new ArrayList<>(s);
        int realBoxes = (int) boxes.stream().filter(b -> !b.unboxed()).count();
        if (groups.isEmpty()) {
            diag.add("no-boxes");
        }
        if (groups.size() > s || realBoxes > s && summaryStart >= readable.length()) {
            diag.add("extra-answers");
        }
        int unterminatedAt = -1;
        for (int i = 0; i < groups.size(); i++) {
            if (!groups.get(i).terminated()) {
                unterminatedAt = i;
                diag.add("unterminated-box");
            }
        }
        for (int i = 0; i < s; i++) {
            Set<VerdictFlag> f = EnumSet.noneOf(VerdictFlag.class);
            RestGroup g = i < groups.size() ? groups.get(i) : null;
            String answer = g == null ? RestGroup.NONE : g.answer();
            String extracted = RestAnswerSplitter.unwrap(answer);
            rest.add(answer);
            restExtracted.add(extracted);
            if (extracted == null) {
                f.add(VerdictFlag.OMITTED);
            }
            if (g != null && !g.terminated()) {
                f.add(VerdictFlag.UNTERMINATED_BOX);
            } else if (g == null && unterminatedAt >= 0 && i > unterminatedAt) {
                f.add(VerdictFlag.LOST_AFTER_UNTERMINATED);
            }
            if (g != null) {
                if (g.start() >= cutoff) {
                    f.add(VerdictFlag.FROM_TRUNCATED_REASONING);
                } else if (g.start() >= summaryStart) {
                    f.add(VerdictFlag.FROM_SUMMARY);
                    Label owner = owner(summaryLabels, g.start());
                    if (owner != null && owner.k() != i + 1) {
                        f.add(VerdictFlag.LABEL_MISMATCH);
                        diag.add("out-of-order");
                    }
                } else {
                    Label owner = owner(workLabels, g.start());
                    if (owner != null && owner.k() != i + 1) {
                        f.add(VerdictFlag.LABEL_MISMATCH);
                        diag.add("out-of-order");
                    }
                }
            }
            String label = work[i];
            String source = label == null ? null : workLabels.isEmpty() ? "position" : "label";
            if (label == null && summary[i] != null) {
                label = summary[i];
                source = "summary";
                f.add(VerdictFlag.ANSWER_FROM_SUMMARY);
            }
            String unboxedAnswer = parsed.unboxedAnswers().isEmpty() ? null : parsed.unboxedAnswers().get(i);
            if (label == null && kind == AnswerKind.MATH && unboxedAnswer != null && (s == 1 || !workLabels.isEmpty())) {
                // no box anywhere for this question: the answer as Math-Verify would find it in its answer text (at
                // level 1 the whole answer part; with labels, the question's part). Unlabelled text at level 2 or
                // more names no question, so nothing is read from it.
                label = unboxedAnswer;
                source = s == 1 ? "position" : "label";
                unboxed[i] = true;
            }
            if (label != null && unboxed[i] && "label".equals(source) || "position".equals(source) && unboxed[i]) {
                f.add(VerdictFlag.UNBOXED_ANSWER);
                unboxedUsed = true;
            }
            if (workCount[i] > 1) {
                f.add(VerdictFlag.MULTIPLE_BOXES);
            }
            if (work[i] != null && summary[i] != null && !safeSame(same, work[i], summary[i])) {
                f.add(VerdictFlag.SUMMARY_CONTRADICTS);
                diag.add("summary-contradicts");
            }
            if (label == null) {
                f.add(VerdictFlag.NO_LABELLED_ANSWER);
                if (truncated) {
                    f.add(VerdictFlag.TRUNCATED_BEFORE_ANSWER);
                }
            }
            if (!(label == null && extracted == null) && (label == null || extracted == null
                    || !safeSame(same, extracted, label))) {
                f.add(VerdictFlag.POSITIONAL_DIFFERS);
            }
            labelAnswers.add(label);
            sources.add(source);
            labelBoxes.add("summary".equals(source) ? summaryBox[i] : source == null ? null : workBox[i]);
            flags.add(java.util.Collections.unmodifiableSet(f));
        }
        if (unboxedUsed) {
            diag.add("unboxed-answers");
        }
        return new SplitReport(List.copyOf(rest), unmodifiable(restExtracted), unmodifiable(labelAnswers),
                unmodifiable(sources), List.copyOf(flags), List.copyOf(diag), truncated, parsed,
                unmodifiable(labelBoxes));
    }

    private static <T> List<T> unmodifiable(List<T> list) {
        return java.util.Collections.unmodifiableList(new ArrayList<>(list));
    }

    private static boolean safeSame(BiPredicate<String, String> same, String a, String b) {
        try {
            return same.test(a, b);
        } catch (RuntimeException e) {
            return sameText(a, b);
        }
    }

    /** When real boxes exist, ANSWER: lines are ignored in positional order (they usually repeat the boxes). */
    private static List<Box> preferBoxed(List<Box> boxes) {
        boolean anyBoxed = boxes.stream().anyMatch(b -> !b.unboxed());
        return anyBoxed ? boxes.stream().filter(b -> !b.unboxed()).toList() : boxes;
    }

    /** The last label at or before {@code pos} (labels are in reading order): a binary search, not a walk. */
    private static Label owner(List<Label> labels, int pos) {
        int lo = 0;
        int hi = labels.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (labels.get(mid).pos() <= pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? null : labels.get(lo - 1);
    }

    /** Whitespace-, dollar- and case-insensitive text equality, the reader's default equivalence. */
    public static boolean sameText(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        return squash(a).equals(squash(b));
    }

    private static String squash(String s) {
        return s.replace("$", "").replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
                .replaceAll("\\\\[,;:! ]", "").replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }
}
