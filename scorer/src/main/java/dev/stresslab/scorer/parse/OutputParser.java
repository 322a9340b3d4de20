package dev.stresslab.scorer.parse;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.scorer.grading.AnswerExtractor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a model output once into a {@link ParsedOutput}: reasoning boundaries ({@link ThinkRule}), REST's positional
 * groups ({@link RestGroup}), the label-aware marks ({@link AnswerMarks}) and token attribution's cut points. Linear in
 * the output's length (every scan is capped; see the caps on the classes it calls).
 *
 * <p>Attribution rules (docs/metrics.md, "Token attribution"): the reasoning is cut where a question label stands
 * ({@link QuestionLabels}); text before the first label (a preamble) and from a recap on belong to no question; a
 * {@code \boxed} inside the reasoning (a self-check) does not move on to the next question. In the answer part, a box
 * moves on to the next question unless a label follows within {@link #LABEL_NEAR} characters. At level 1 all of it
 * is question 1's.
 */
public final class OutputParser {
    /** A label this close after a box decides the next owner; farther, the box alone moves on. */
    static final int LABEL_NEAR = 200;
    /**
     * A recap is short: from its start, at most this many characters per label in it (plus one). Longer text after a
     * second mention of a question is the model going back to work on it, which is that question's.
     */
    static final int RECAP_CHARS_PER_LABEL = 300;
    /** A recap heading with no labels after it ("So the final answers are 5, 7 and 9.") ends the text within this. */
    static final int RECAP_TAIL_CHARS = 400;
    /** Endless repetition: the last words, their 4-grams, and the share of distinct 4-grams at or below which it is. */
    static final int REPETITION_WORDS = 400;
    static final int REPETITION_MIN_WORDS = 60;
    static final double REPETITION_DISTINCT_SHARE = 0.25;
    private static final int REPETITION_TAIL_CHARS = 4_000;
    /**
     * Only this many characters at the end of a cut are read for the answer it states: a question's work ends with
     * its answer, and reading whole cuts again made a 10 MB cut cost seconds.
     */
    static final int STATED_WINDOW = 2_000;
    private static final Pattern ANSWER_PHRASE = Pattern.compile(
            "(?=[Aa])(?i)\\banswer(?:[ \\t]++(?:to|for)[ \\t]++(?:Q|question|problem)[ \\t]*+\\d{1,3})?[ \\t]++is[ \\t:]*+"
                    + "\\$?([^\\s$]{1,40}?)\\$?(?=[.,;]?(?:\\s|$))");
    private static final Pattern WORD = Pattern.compile("\\S++");

    private OutputParser() {
    }

    /**
     * @param content      the completion content (may hold {@code <think>} spans); null reads as ""
     * @param reasoning    separate reasoning text, or null
     * @param finishReason the server's finish_reason, or null
     * @param level        question positions (below 1 reads as 0: nothing is attributed)
     * @param kind         for CHOICE, {@code ANSWER: X} lines are answers too
     */
    public static ParsedOutput parse(String content, String reasoning, String finishReason, int level,
                                     AnswerKind kind) {
        String c = content == null ? "" : content;
        int s = Math.max(level, 0);
        List<Region> regions = ThinkRule.regions(c);
        ThinkRule.RestText rest = ThinkRule.restText(c, regions);
        String text = rest.text();
        int readableEnd = rest.unclosedAt() < 0 ? text.length() : rest.unclosedAt();
        String readable = text.substring(0, readableEnd);
        List<RestGroup> groups = RestGroup.scan(text);
        List<AnswerMarks.Box> boxes = AnswerMarks.boxes(readable, kind == null ? AnswerKind.MATH : kind);
        List<AnswerMarks.Label> labels = AnswerMarks.labels(readable);

        List<AttributionCut> cuts = new ArrayList<>();
        String[] reasoningAnswers = new String[s];
        String[] unboxedAnswers = new String[s];
        if (s > 0) {
            Walk thinking = new Walk(s, true, cuts, reasoningAnswers);
            if (reasoning != null && !reasoning.isEmpty()) {
                thinking.walk(reasoning, AttributionCut.Source.REASONING_FIELD, 0, reasoning.length());
            }
            for (Region r : regions) {
                if (r.reasoning()) {
                    thinking.walk(c, AttributionCut.Source.CONTENT, r.start(), r.end());
                }
            }
            Walk answering = new Walk(s, false, cuts, unboxedAnswers);
            for (Region r : regions) {
                if (!r.reasoning()) {
                    answering.walk(c, AttributionCut.Source.CONTENT, r.start(), r.end());
                }
            }
        }
        String tail = !c.isBlank() ? c : reasoning == null ? "" : reasoning;
        return new ParsedOutput(c, reasoning, s, List.copyOf(regions), text, readableEnd, List.copyOf(groups),
                List.copyOf(boxes), List.copyOf(labels), "length".equals(finishReason), rest.unclosedAt() >= 0,
                endsInRepetition(tail), List.copyOf(cuts), nullable(reasoningAnswers), nullable(unboxedAnswers));
    }

    private static List<String> nullable(String[] values) {
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(values.clone()));
    }

    /**
     * Whether the last {@link #REPETITION_WORDS} words of {@code text} are mostly the same 4-grams over and over: at
     * most {@link #REPETITION_DISTINCT_SHARE} of them distinct (ordinary prose has nearly all distinct).
     */
    static boolean endsInRepetition(String text) {
        String tail = text.length() > REPETITION_TAIL_CHARS ? text.substring(text.length() - REPETITION_TAIL_CHARS) : text;
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(tail);
        while (m.find()) {
            words.add(m.group());
        }
        if (words.size() > REPETITION_WORDS) {
            words = words.subList(words.size() - REPETITION_WORDS, words.size());
        }
        if (words.size() < REPETITION_MIN_WORDS) {
            return false;
        }
        Set<String> distinct = new HashSet<>();
        int grams = words.size() - 3;
        for (int i = 0; i < grams; i++) {
            distinct.add(words.get(i) + ' ' + words.get(i + 1) + ' ' + words.get(i + 2) + ' ' + words.get(i + 3));
        }
        return distinct.size() <= REPETITION_DISTINCT_SHARE * grams;
    }

    /**
     * The last answer stated in a stretch of text: its last {@code \boxed} group or its last "the answer is X",
     * whichever comes later (a self-check box followed by "no wait, the answer is 5" states 5).
     */
    static String statedAnswer(String text) {
        Stated box = lastBox(text);
        Stated phrase = lastPhrase(text);
        if (box == null || phrase != null && phrase.at() > box.at()) {
            return phrase == null ? null : phrase.answer();
        }
        return box.answer();
    }

    private record Stated(int at, String answer) {
    }

    /** The last {@code \\boxed} whose braces close (REST's counter), read backwards without a list of groups. */
    private static Stated lastBox(String text) {
        int at = text.lastIndexOf(dev.stresslab.contracts.text.RestBoxes.BOXED);
        while (at >= 0) {
            int close = dev.stresslab.contracts.text.RestBoxes.closingBrace(text, at);
            int open = text.indexOf('{', at);
            if (close > 0 && open > 0 && open < close) {
                return new Stated(at, text.substring(open + 1, close).strip());
            }
            at = at == 0 ? -1 : text.lastIndexOf(dev.stresslab.contracts.text.RestBoxes.BOXED, at - 1);
        }
        return null;
    }

    private static Stated lastPhrase(String text) {
        if (!text.contains("nswer")) {
            return null;
        }
        Matcher m = ANSWER_PHRASE.matcher(text);
        Stated last = null;
        while (m.find()) {
            if (!m.group(1).startsWith("\\boxed")) {
                last = new Stated(m.start(), m.group(1));
            }
        }
        return last;
    }

    /** One pass of attribution over the reasoning, or over the answer part; its owner carries across regions. */
    private static final class Walk {
        private final int level;
        private final boolean reasoning;
        private final List<AttributionCut> cuts;
        private final String[] reasoningAnswers;
        private final String[] unboxedAnswers;
        private final Set<Integer> seen = new HashSet<>();
        private final QuestionLabels.Scanner scanner = new QuestionLabels.Scanner();
        private int owner;

        Walk(int level, boolean reasoning, List<AttributionCut> cuts, String[] stated) {
            this.level = level;
            this.reasoning = reasoning;
            this.cuts = cuts;
            this.reasoningAnswers = reasoning ? stated : null;
            this.unboxedAnswers = reasoning ? null : stated;
            // reasoning before any label is a preamble; the answer part starts with question 1, as REST reads it
            this.owner = level == 1 || !reasoning ? 1 : 0;
        }

        void walk(String source, AttributionCut.Source src, int from, int to) {
            if (to <= from) {
                return;
            }
            if (level == 1) {
                emit(source, src, from, to, 1);
                return;
            }
            String text = source.substring(from, to);
            List<QuestionLabels.Label> labels = QuestionLabels.find(text, level, scanner);
            int recap = recapStart(text, labels);
            if (labels.isEmpty() && recap == text.length() && (reasoning || text.indexOf('\\') < 0)) {
                emit(source, src, from, to, owner); // nothing moves: one cut, no change points
                return;
            }
            // change points: offset in text -> new owner (0 = no question, -1 = the next question)
            TreeMap<Integer, Integer> points = new TreeMap<>();
            for (QuestionLabels.Label l : labels) {
                if (l.pos() < recap) {
                    points.put(l.pos(), l.k());
                }
            }
            if (!reasoning) {
                for (AnswerMarks.Box b : AnswerMarks.boxes(text, AnswerKind.MATH)) {
                    if (b.end() >= recap || b.end() >= text.length()) {
                        break;
                    }
                    Integer next = points.ceilingKey(b.end());
                    if (next == null || next - b.end() >= LABEL_NEAR) {
                        points.putIfAbsent(b.end(), -1);
                    }
                }
            }
            if (recap < text.length()) {
                points.put(recap, 0);
            }
            int start = 0;
            for (var e : points.entrySet()) {
                if (e.getKey() > start) {
                    emit(source, src, from + start, from + e.getKey(), owner);
                    start = e.getKey();
                }
                owner = e.getValue() == -1 ? Math.min(level, owner + 1) : e.getValue();
                if (owner > 0) {
                    seen.add(owner);
                }
            }
            emit(source, src, from + start, to, owner);
        }

        /**
         * Where a recap starts in {@code text}, or its length: the earliest recap heading after some work, or label
         * of a question already worked on, from which the rest is short ({@link #RECAP_CHARS_PER_LABEL} per label)
         * and names at least two questions (or is a heading followed by at most {@link #RECAP_TAIL_CHARS}).
         */
        private int recapStart(String text, List<QuestionLabels.Label> labels) {
            TreeMap<Integer, Boolean> candidates = new TreeMap<>(); // offset -> is a heading
            if (!labels.isEmpty()) {
                Set<Integer> worked = new HashSet<>(seen);
                if (owner > 0) {
                    worked.add(owner);
                }
                for (QuestionLabels.Label l : labels) {
                    if (worked.contains(l.k()) && !(l.k() == owner && l.pos() == 0)) {
                        candidates.putIfAbsent(l.pos(), false);
                    }
                    worked.add(l.k());
                }
            }
            // a heading can only start a recap this close to the end (see the two conditions below)
            int from = Math.max(0, text.length() - Math.max(RECAP_TAIL_CHARS, RECAP_CHARS_PER_LABEL * (labels.size() + 1)));
            for (int h : QuestionLabels.recaps(text, from, scanner)) {
                if (!seen.isEmpty() || owner > 0 || !labels.isEmpty() && labels.get(0).pos() < h) {
                    candidates.put(h, true);
                }
            }
            if (candidates.isEmpty()) {
                return text.length();
            }
            int[] starts = labels.stream().mapToInt(QuestionLabels.Label::pos).toArray();
            // twoQuestionsFrom[i]: labels i.. name at least two questions (one backward pass, not a walk per candidate)
            boolean[] twoQuestionsFrom = new boolean[starts.length + 1];
            int lastK = -1;
            for (int i = starts.length - 1; i >= 0; i--) {
                int k = labels.get(i).k();
                twoQuestionsFrom[i] = twoQuestionsFrom[i + 1] || lastK >= 0 && lastK != k;
                lastK = k;
            }
            for (var e : candidates.entrySet()) {
                int p = e.getKey();
                int first = lowerBound(starts, p);
                int after = starts.length - first;
                int remaining = text.length() - p;
                boolean listsQuestions = twoQuestionsFrom[first] && remaining <= RECAP_CHARS_PER_LABEL * (after + 1);
                boolean closingHeading = e.getValue() && remaining <= RECAP_TAIL_CHARS;
                if (listsQuestions || closingHeading) {
                    return p;
                }
            }
            return text.length();
        }

        private void emit(String source, AttributionCut.Source src, int from, int to, int position) {
            if (to <= from) {
                return;
            }
            AttributionCut cut = new AttributionCut(src, from, to, position, reasoning);
            cuts.add(cut);
            if (position > 0) {
                String piece = source.substring(Math.max(from, to - STATED_WINDOW), to);
                String stated;
                if (reasoning) {
                    stated = statedAnswer(piece);
                } else {
                    // no box at all in this question's answer text (a malformed one is not read as an answer): the
                    // answer as Math-Verify would find it, by the one rule of AnswerExtractor
                    stated = piece.contains(dev.stresslab.contracts.text.RestBoxes.BOXED) ? null
                            : AnswerExtractor.extract(piece);
                }
                if (stated != null) {
                    (reasoning ? reasoningAnswers : unboxedAnswers)[position - 1] = stated;
                }
            }
        }

        private static int lowerBound(int[] sorted, int key) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
