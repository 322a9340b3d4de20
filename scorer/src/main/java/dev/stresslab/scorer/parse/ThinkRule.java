package dev.stresslab.scorer.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the reasoning is in a completion's {@code content}: the {@code <think>} rule, written once for the positional
 * split, the label-aware reading and the token attribution. Tags are case-sensitive, as in REST.
 * <ul>
 *   <li>{@code </think>} without any {@code <think>} (the chat template opened the tag): everything before the last
 *       {@code </think>} is reasoning, what follows is the answer;</li>
 *   <li>otherwise each {@code <think>…</think>} span (non-greedy, in reading order) is reasoning, and a {@code <think>}
 *       with no {@code </think>} after it (an output cut inside its reasoning) starts unclosed reasoning that runs to
 *       the end. A stray {@code </think>} outside a span is answer text.</li>
 * </ul>
 * REST's answer text ({@link #restText}) drops the closed spans but keeps unclosed reasoning, tag included, so boxes
 * inside it count for REST (rest-method.md section 5); every other reader treats unclosed reasoning as reasoning.
 */
public final class ThinkRule {
    static final String OPEN = "<think>";
    static final String CLOSE = "</think>";

    private ThinkRule() {
    }

    /**
     * The layout of {@code content}: its regions in reading order, covering every character that is not a tag.
     * Linear: once a {@code <think>} has no {@code </think>} after it, no later one has either, so the scan stops
     * (the regex {@code <think>(.*?)</think>} rescanned to the end from every unclosed tag).
     */
    public static List<Region> regions(String content) {
        List<Region> out = new ArrayList<>();
        if (content.isEmpty()) {
            return out;
        }
        int open = content.indexOf(OPEN);
        if (open < 0) {
            int lastClose = content.lastIndexOf(CLOSE);
            if (lastClose >= 0) {
                add(out, Region.Kind.REASONING, 0, lastClose, 0);
                add(out, Region.Kind.ANSWER, lastClose + CLOSE.length(), content.length(), 0);
            } else {
                add(out, Region.Kind.ANSWER, 0, content.length(), 0);
            }
            return out;
        }
        int copied = 0;
        while (open >= 0) {
            int close = content.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                break;
            }
            add(out, Region.Kind.ANSWER, copied, open, 0);
            add(out, Region.Kind.REASONING, open + OPEN.length(), close, OPEN.length());
            copied = close + CLOSE.length();
            open = content.indexOf(OPEN, copied);
        }
        if (open >= 0) {
            add(out, Region.Kind.ANSWER, copied, open, 0);
            add(out, Region.Kind.UNCLOSED_REASONING, open + OPEN.length(), content.length(), OPEN.length());
        } else {
            add(out, Region.Kind.ANSWER, copied, content.length(), 0);
        }
        return out;
    }

    private static void add(List<Region> out, Region.Kind kind, int start, int end, int tagBefore) {
        // an empty unclosed region still matters: it says the output was cut right after "<think>"
        if (end > start || kind == Region.Kind.UNCLOSED_REASONING) {
            out.add(new Region(kind, start, end, tagBefore));
        }
    }

    /**
     * REST's reasoning-stripped text as {@code split_boxed_content} builds it, and where in it unclosed reasoning
     * begins (the index of its {@code <think>} tag, or -1). Trimmed the way Python's {@code str.strip()} trims.
     */
    public record RestText(String text, int unclosedAt) {
    }

    public static RestText restText(String content, List<Region> regions) {
        Region last = singleStretch(regions);
        if (last != null) {
            // no <think> at all, or the close-only case: one stretch of the content, not copied when nothing is
            // trimmed (a 10 MB output copied twice did not fit the scorer's 80 MB test heap)
            return new RestText(pyStrip(content.substring(last.start(), last.end())), -1);
        }
        StringBuilder b = new StringBuilder(content.length());
        int unclosed = withoutClosedReasoning(content, regions, b);
        int from = 0;
        int to = b.length();
        while (from < to && pySpace(b.charAt(from))) {
            from++;
        }
        while (to > from && pySpace(b.charAt(to - 1))) {
            to--;
        }
        return new RestText(b.substring(from, to), unclosed < 0 ? -1 : Math.max(0, unclosed - from));
    }

    /** The one answer region REST's text is cut from (no {@code <think>} at all, or the close-only case), or null. */
    private static Region singleStretch(List<Region> regions) {
        Region last = regions.isEmpty() ? null : regions.get(regions.size() - 1);
        boolean single = last != null && last.kind() == Region.Kind.ANSWER
                && (regions.size() == 1 || regions.size() == 2 && regions.get(0).kind() == Region.Kind.REASONING
                && regions.get(0).tagBefore() == 0);
        return single ? last : null;
    }

    /**
     * Where offset {@code at} of REST's text ({@link #restText} of the same content and regions) is in
     * {@code content}: the stretches {@link #restText} joins, then its trim, read backwards, so a viewer can mark
     * REST's boxes in the text the model wrote. {@code at} equal to the text's length maps to the end of its last
     * stretch.
     */
    public static int contentOffset(String content, List<Region> regions, int at) {
        Region single = singleStretch(regions);
        if (single != null) {
            int lead = 0;
            while (single.start() + lead < single.end() && pySpace(content.charAt(single.start() + lead))) {
                lead++;
            }
            return single.start() + lead + at;
        }
        List<int[]> stretches = new java.util.ArrayList<>(); // {start in content, length}, as withoutClosedReasoning appends
        for (Region r : regions) {
            if (r.kind() == Region.Kind.ANSWER) {
                stretches.add(new int[]{r.start(), r.end() - r.start()});
            } else if (r.kind() == Region.Kind.UNCLOSED_REASONING) {
                stretches.add(new int[]{r.start() - r.tagBefore(), r.end() - r.start() + r.tagBefore()});
            }
        }
        int lead = 0;
        leading:
        for (int[] st : stretches) {
            for (int i = 0; i < st[1]; i++) {
                if (!pySpace(content.charAt(st[0] + i))) {
                    break leading;
                }
                lead++;
            }
        }
        int left = at + lead;
        int end = 0;
        for (int[] st : stretches) {
            if (left < st[1]) {
                return st[0] + left;
            }
            left -= st[1];
            end = st[0] + st[1];
        }
        return end;
    }

    /**
     * Where the end of {@code [start, end)} of REST's text is in {@code content}: mapped from its last character, so a
     * span never takes in a reasoning span that REST's text dropped right after it (an empty span ends where it starts).
     */
    public static int contentEnd(String content, List<Region> regions, int start, int end) {
        return end > start ? contentOffset(content, regions, end - 1) + 1 : contentOffset(content, regions, start);
    }

    /**
     * Appends to {@code b} what {@code re.sub(r"<think>(.*?)</think>", "", content, flags=re.DOTALL)} leaves of the
     * text laid out by {@code regions} (or the answer after the last {@code </think>} in the close-only case), and
     * returns where in {@code b} unclosed reasoning begins, or -1.
     */
    static int withoutClosedReasoning(String content, List<Region> regions, StringBuilder b) {
        int unclosed = -1;
        for (Region r : regions) {
            if (r.kind() == Region.Kind.ANSWER) {
                b.append(content, r.start(), r.end());
            } else if (r.kind() == Region.Kind.UNCLOSED_REASONING) {
                unclosed = b.length();
                b.append(content, r.start() - r.tagBefore(), r.end());
            }
        }
        return unclosed;
    }

    /** {@code re.sub(r"<think>(.*?)</think>", "", text, flags=re.DOTALL)}, in one linear pass. */
    public static String removeClosedSpans(String text) {
        if (!text.contains(OPEN)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length());
        withoutClosedReasoning(text, regions(text), b);
        return b.toString();
    }

    /** Python's {@code str.strip()} (also strips U+00A0, U+0085 and other Unicode spaces Java's strip keeps). */
    public static String pyStrip(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && pySpace(s.charAt(b))) {
            b++;
        }
        while (e > b && pySpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    static boolean pySpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}
