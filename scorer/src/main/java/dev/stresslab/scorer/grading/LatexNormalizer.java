package dev.stresslab.scorer.grading;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String-level clean-up of an answer before comparison: math delimiters, {@code \boxed} wrapper, spacing commands,
 * {@code \dfrac}, {@code \left/\right}, {@code \text{}}, degrees, percent, dollars, units, thousands separators,
 * trailing period. Pure function of its input; linear-time regexes only.
 */
final class LatexNormalizer {
    private static final Pattern TEXT_CMD = Pattern.compile(
            "\\\\(?:text|textbf|textit|textrm|textnormal|mathrm|mathbf|mathit|mbox|operatorname|mathsf|mathtt|hbox)\\s*\\{([^{}]*)\\}");
    private static final Pattern SPACING = Pattern.compile(
            "\\\\\\\\|\\\\(?:[,;:! ]|quad|qquad|displaystyle|textstyle|scriptstyle|limits|nolimits|middle|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)(?![A-Za-z])|~");
    private static final Pattern DEGREES = Pattern.compile("\\^\\s*\\{\\s*\\\\circ\\s*\\}|\\^\\s*\\\\circ|\\\\circ|°|\\\\degree");
    private static final Pattern UNIT = Pattern.compile(
            "(?i)(?<=[\\d}).\\s])\\s*(?:sq(?:uare)?\\.?\\s+|cubic\\s+)?(?:units?|cm|mm|km|m|meters?|metres?|inch(?:es)?|in|feet|foot|ft|yards?|yd|miles?|mi|mph|km/h|"
                    + "hours?|hrs?|h|minutes?|mins?|seconds?|secs?|s|days?|weeks?|months?|years?|dollars?|cents?|degrees?|deg|"
                    + "kg|g|grams?|kilograms?|pounds?|lbs?|ounces?|oz|liters?|litres?|l|ml|gallons?|cups?|points?|pts?|"
                    + "people|persons?|students?|apples?|cookies?|marbles?|pages?|books?|items?|times|ways|percent(?:age)?|pct|"
                    + "sq\\.?\\s*(?:units?|cm|m|ft|in)|square\\s+(?:units?|cm|meters?|feet|inches|miles))(?:\\s*\\^\\s*\\{?[23]\\}?|²|³)?\\s*\\.?$");
    /** A unit in words after a value: {@code 25 \text{ liters of water}}, {@code 864 \mbox{ inches}^2}. */
    private static final Pattern TEXT_UNIT = Pattern.compile(
            "(?<=[\\d})])\\s*\\\\(?:text|mbox|mathrm|textrm)\\s*\\{\\s*[A-Za-z][A-Za-z.]*(?:\\s+[A-Za-z.]+){0,4}\\s*\\}"
                    + "(?:\\s*\\^\\s*\\{?[23]\\}?)?\\s*\\.?$");
    /** An ordinal suffix: {@code 5^{\mathrm{th}}}, {@code 2^{nd}}. */
    private static final Pattern ORDINAL = Pattern.compile(
            "(?<=\\d)\\s*\\^\\s*\\{\\s*(?:\\\\(?:text|mathrm)\\s*\\{)?\\s*(?:st|nd|rd|th)\\s*\\}?\\s*\\}");
    private static final Pattern BRACED_COMMA = Pattern.compile("\\{\\s*,\\s*\\}");
    private static final Pattern THOUSANDS_NEGSPACE = Pattern.compile(",\\\\!\\s*");
    private static final Pattern THOUSANDS = Pattern.compile("^[-+]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?$");
    private static final Pattern THOUSANDS_SPACE = Pattern.compile("^[-+]?\\d{1,3}(?: \\d{3})+(?:\\.\\d+)?$");
    private static final Pattern SINGLE_BRACED = Pattern.compile("([_^])\\{(\\w)\\}");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern WORD_JOIN = Pattern.compile("(?i)\\s+(?:or|and)\\s+");

    private LatexNormalizer() {
    }

    static String normalize(String input) {
        String s = input.strip();
        s = unwrapCommand(s, "\\boxed");
        s = unwrapCommand(s, "\\fbox");
        s = s.replace("\\$", "").replace("$", "");
        if (s.startsWith("\\(") && s.endsWith("\\)") || s.startsWith("\\[") && s.endsWith("\\]")) {
            s = s.substring(2, s.length() - 2);
        }
        // each pass below only runs when its trigger character is there: most answers are short plain numbers
        boolean latex = s.indexOf('\\') >= 0;
        if (latex) {
            s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac").replace("\\cfrac", "\\frac");
            s = s.replace("\\left", "").replace("\\right", "");
            s = s.replace("\\lbrace", "\\{").replace("\\rbrace", "\\}").replace("\\lvert", "|").replace("\\rvert", "|")
                    .replace("\\vert", "|").replace("\\lfloor", "\\lfloor ").replace("\\{,\\}", ",");
            s = THOUSANDS_NEGSPACE.matcher(s).replaceAll(","); // "10,\\!080": a thousands comma, the \\! only tightens it
        }
        if (s.indexOf('{') >= 0) {
            s = BRACED_COMMA.matcher(s).replaceAll(",");
        }
        if (s.indexOf('^') >= 0) {
            s = ORDINAL.matcher(s).replaceAll("");
        }
        if (latex) {
            String withoutUnit = TEXT_UNIT.matcher(s).replaceFirst("");
            if (!withoutUnit.isBlank()) {
                s = withoutUnit;
            }
        }
        if (latex || s.indexOf('~') >= 0) {
            s = SPACING.matcher(s).replaceAll(m -> m.group().equals("\\\\") ? "\\\\\\\\" : " ");
        }
        if (latex || s.indexOf('\u00b0') >= 0) {
            s = DEGREES.matcher(s).replaceAll("");
        }
        s = s.replace("\\%", "").replace("%", "");
        for (int i = 0; i < 4 && latex; i++) {
            String t = TEXT_CMD.matcher(s).replaceAll(m -> " " + Matcher.quoteReplacement(m.group(1)) + " ");
            if (t.equals(s)) {
                break;
            }
            s = t;
        }
        if (!isAscii(s)) {
            s = s.replace("\u2212", "-").replace("\u00d7", "\\times ").replace("\u00b7", "\\cdot ").replace("\u00f7", "\\div ")
                .replace("\u2264", "\\le ").replace("\u2265", "\\ge ").replace("\u2260", "\\ne ").replace("\u03c0", "\\pi ")
                .replace("\u221e", "\\infty ").replace("\u221a", "\\sqrt").replace("\u222a", "\\cup ");
        }
        s = SPACES.matcher(s).replaceAll(" ").strip();
        s = stripTrailing(s);
        boolean letters = hasLetter(s);
        if (letters) {
            s = WORD_JOIN.matcher(s).replaceAll(", ");
        }
        for (int i = 0; i < 2 && letters; i++) {
            String t = UNIT.matcher(s).replaceAll("").strip();
            if (t.isEmpty() || t.equals(s)) {
                break;
            }
            s = stripTrailing(t);
        }
        if (THOUSANDS.matcher(s).matches()) {
            s = s.replace(",", "");
        } else if (THOUSANDS_SPACE.matcher(s).matches()) {
            s = s.replace(" ", "");
        }
        return s;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Trailing periods ({@code .} or {@code \\.}) and the whitespace before them removed, or {@code s} itself when
     * nothing would be left. One index walk: cutting a substring per period was quadratic in a run of periods.
     */
    static String stripTrailing(String s) {
        int end = s.length();
        while (true) {
            if (s.startsWith("\\.", end - 2)) {
                end -= 2;
            } else if (end > 0 && s.charAt(end - 1) == '.') {
                end--;
            } else {
                break;
            }
            while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
                end--;
            }
            if (end == 0) {
                return s;
            }
        }
        return end == s.length() ? s : s.substring(0, end).strip();
    }

    /** {@code \boxed{x}} as the whole answer becomes {@code x}. */
    static String unwrapCommand(String s, String cmd) {
        if (!s.startsWith(cmd)) {
            return s;
        }
        int open = cmd.length();
        while (open < s.length() && s.charAt(open) == ' ') {
            open++;
        }
        if (open >= s.length() || s.charAt(open) != '{' || !s.endsWith("}")) {
            return s;
        }
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i == s.length() - 1 ? s.substring(open + 1, i).strip() : s;
                }
            }
        }
        return s;
    }

    /** Text comparison key: spaces removed, lower case, redundant braces around a single token removed. */
    static String textKey(String normalized) {
        return SINGLE_BRACED.matcher(normalized.replace(" ", "").replace("\\,", "")).replaceAll("$1$2")
                .toLowerCase(Locale.ROOT);
    }
}
