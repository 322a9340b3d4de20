package dev.stresslab.scorer.grading;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.scorer.grading.MathNode.Const;
import dev.stresslab.scorer.grading.MathNode.Matrix;
import dev.stresslab.scorer.grading.MathNode.Num;
import dev.stresslab.scorer.grading.MathNode.Op;
import dev.stresslab.scorer.grading.MathNode.Rel;
import dev.stresslab.scorer.grading.MathNode.Seq;
import dev.stresslab.scorer.grading.MathNode.Text;
import dev.stresslab.scorer.grading.MathNode.Var;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a predicted answer equals the gold answer (docs/grading.md).
 *
 * <p>Math: normalised-string equality, then exact rational comparison of plain numbers (the fast path), then a parse
 * of both sides into a small expression tree compared structurally (tuples, intervals, sets, matrices, relations) with
 * scalars compared exactly when both are rational and otherwise numerically, at random points for free symbols.
 * Choice: the option letter read from {@code \boxed{A}}, {@code (A)}, {@code A)}, {@code \text{A}}, {@code ANSWER: A}.
 *
 * <p>Thread-safe: no mutable state is shared; every call gets its own {@link GradingBudget}, which bounds the work
 * (steps and wall-clock time, no signals or threads). A call whose budget runs out answers "not equal".
 */
public final class AnswerGrader {
    /**
     * How a verdict was reached: {@code text}, {@code number}, {@code symbolic}, {@code choice}, {@code unparsed},
     * {@code budget} (work bound hit, answered "not equal"), {@code too-long} (an input over {@link #MAX_INPUT_CHARS},
     * compared as exact text only), {@code empty}.
     */
    public record Verdict(boolean equal, String path) {
    }

    static final int MAX_LENGTH = 2000;
    /**
     * Longer predictions or golds are compared as exact (stripped) text only, never normalised or parsed: the
     * normaliser's regexes and replacements run over the whole input before any budget applies, and no real final
     * answer is this long (MATH500's longest gold is under 200 characters).
     */
    public static final int MAX_INPUT_CHARS = 20_000;
    private static final double REL_TOL = 1e-9;
    private static final int POINTS = 8;
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");
    private static final Pattern PLAIN_FRACTION = Pattern.compile(
            "([-+]?)(?:\\\\frac\\{\\s*(-?\\d+)\\s*\\}\\{\\s*(-?\\d+)\\s*\\}|(-?\\d+)\\s*/\\s*(-?\\d+))");
    private static final Pattern TEXT_LETTER = Pattern.compile("\\\\(?:text|textbf|mathrm|mathbf|textit|mbox)\\s*\\{([^{}]*)\\}");
    private static final Pattern STRICT_LETTER = Pattern.compile("\\(?([A-E])\\)");
    private static final Pattern LOOSE_LETTER = Pattern.compile("\\(?([A-E])\\)?");
    // Choice answers have their whitespace runs collapsed before these run (see choiceLetter), so "\\s*" spans at most
    // one character and the adjacent optional runs cannot backtrack polynomially.
    private static final Pattern ANSWER_PREFIX = Pattern.compile(
            "(?i)^(?:the\\s+)?(?:final\\s+)?answer\\s*(?:is)?\\s*[:：]\\s*(?=\\\\boxed)");
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s{2,}");
    private static final Pattern CHOICE = Pattern.compile(
            "(?i)^(?:(?:the\\s+)?(?:final\\s+)?answer\\s*(?:is)?\\s*[:：]?\\s*|option\\s+|choice\\s+)?[(\\[]?\\s*([A-Ja-j])\\s*[)\\]]?\\s*(?:[.:)]|$|\\s)");

    private final long maxSteps;
    private final long timeoutNanos;

    /** Default bounds: 200,000 steps and 250 ms per answer. */
    public AnswerGrader() {
        this(200_000, Duration.ofMillis(250));
    }

    public AnswerGrader(long maxSteps, Duration timeout) {
        this.maxSteps = maxSteps;
        this.timeoutNanos = timeout.toNanos();
    }

    public boolean equal(String prediction, String gold, AnswerKind kind) {
        return grade(prediction, gold, kind).equal();
    }

    public Verdict grade(String prediction, String gold, AnswerKind kind) {
        return grade(prediction, gold, kind, Long.MAX_VALUE);
    }

    /**
     * As {@link #grade(String, String, AnswerKind)}, but never parsing or evaluating past {@code deadlineNanos} (a
     * {@link System#nanoTime()} value): the caller's budget for a whole output. Past it only the cheap comparisons run
     * (normalised text, plain numbers, choice letters; bounded by {@link #MAX_INPUT_CHARS}); an answer that needs
     * the parser is "not equal", path {@code budget}.
     */
    public Verdict grade(String prediction, String gold, AnswerKind kind, long deadlineNanos) {
        if (prediction == null || gold == null || prediction.isBlank() || gold.isBlank()) {
            return new Verdict(false, "empty");
        }
        if (prediction.length() > MAX_INPUT_CHARS || gold.length() > MAX_INPUT_CHARS) {
            String p = prediction.strip();
            return p.equals(gold.strip()) ? new Verdict(true, "text") : new Verdict(false, "too-long");
        }
        if (kind == AnswerKind.CHOICE) {
            String p = choiceLetter(prediction);
            String g = choiceLetter(gold);
            return new Verdict(p != null && p.equals(g), "choice");
        }
        try {
            return math(prediction, gold, deadlineNanos);
        } catch (GradingBudget.Exceeded e) {
            return new Verdict(false, "budget");
        } catch (StackOverflowError | ArithmeticException | MathParser.ParseException e) {
            return new Verdict(false, "unparsed");
        }
    }

    private Verdict math(String prediction, String gold, long deadlineNanos) {
        // fastest path, before the normaliser's passes: the same text, or two plain decimal numbers
        String ps = prediction.strip();
        String gs = gold.strip();
        boolean pPlain = PLAIN_NUMBER.matcher(ps).matches();
        if (pPlain && PLAIN_NUMBER.matcher(gs).matches()) {
            Rational pn = plainNumber(ps);
            Rational gn = plainNumber(gs);
            if (pn != null && gn != null) {
                return new Verdict(sameNumber(pn, gn, hasDecimalPoint(ps) || hasDecimalPoint(gs)), "number");
            }
        }
        String p = LatexNormalizer.normalize(prediction);
        String g = LatexNormalizer.normalize(gold);
        if (p.equals(g) || LatexNormalizer.textKey(p).equals(LatexNormalizer.textKey(g))) {
            return new Verdict(!p.isEmpty(), "text");
        }
        Rational pn = plainNumber(p);
        Rational gn = plainNumber(g);
        if (pn != null && gn != null) {
            boolean approx = hasDecimalPoint(p) || hasDecimalPoint(g);
            boolean equal = sameNumber(pn, gn, approx);
            // a percent on one side only: "10\\%" answers both "10" (the question asked for a percent) and "0.1"
            boolean pPercent = prediction.indexOf('%') >= 0;
            if (!equal && pPercent != (gold.indexOf('%') >= 0)) {
                Rational hundredth = (pPercent ? pn : gn).divide(Rational.of(100));
                equal = hundredth != null && (pPercent ? sameNumber(hundredth, gn, true) : sameNumber(pn, hundredth, true));
            }
            return new Verdict(equal, "number");
        }
        String gl = choiceLetterStrict(g);
        if (gl != null) {
            // a MATH500 gold such as "\text{(C)}" against a prediction "C" or "(C)"
            return new Verdict(gl.equals(choiceLetterLoose(p)), "choice");
        }
        if (p.length() > MAX_LENGTH || g.length() > MAX_LENGTH) {
            return new Verdict(false, "text");
        }
        long timeout = timeoutNanos;
        if (deadlineNanos != Long.MAX_VALUE) {
            timeout = Math.min(timeout, deadlineNanos - System.nanoTime());
            if (timeout <= 0) {
                return new Verdict(false, "budget");
            }
        }
        GradingBudget budget = new GradingBudget(maxSteps, timeout);
        MathNode gt;
        MathNode pt;
        try {
            gt = MathParser.parse(g, budget);
        } catch (MathParser.ParseException e) {
            gt = MathParser.text(g);
        }
        try {
            pt = MathParser.parse(p, budget);
        } catch (MathParser.ParseException e) {
            pt = MathParser.text(p);
        }
        if (gt instanceof Text || pt instanceof Text) {
            return new Verdict(gt instanceof Text && pt instanceof Text && gt.equals(pt), "unparsed");
        }
        return new Verdict(new Comparer(budget).eq(pt, gt, true), "symbolic");
    }

    private static boolean sameNumber(Rational a, Rational b, boolean approx) {
        return a.equals(b) || approx && a.round(6).compareTo(b.round(6)) == 0;
    }

    private static boolean hasDecimalPoint(String s) {
        return s.indexOf('.') >= 0 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0;
    }

    static Rational plainNumber(String s) {
        if (PLAIN_NUMBER.matcher(s).matches()) {
            return Rational.parseDecimal(s.startsWith("+") ? s.substring(1) : s.startsWith(".") ? "0" + s
                    : s.startsWith("-.") ? "-0" + s.substring(1) : s);
        }
        Matcher m = PLAIN_FRACTION.matcher(s);
        if (m.matches()) {
            String n = m.group(2) != null ? m.group(2) : m.group(4);
            String d = m.group(3) != null ? m.group(3) : m.group(5);
            Rational r = Rational.of(new BigInteger(n), new BigInteger(d));
            return r != null && "-".equals(m.group(1)) ? r.negate() : r;
        }
        return null;
    }

    /** The option letter an answer names, or null: {@code A}, {@code (A)}, {@code A)}, {@code \text{A}}, {@code ANSWER: A}. */
    public static String choiceLetter(String answer) {
        if (answer == null) {
            return null;
        }
        String s = WHITESPACE_RUN.matcher(answer.strip()).replaceAll(" ");
        for (int i = 0; i < 4; i++) {
            String t = ANSWER_PREFIX.matcher(s).replaceFirst("");
            t = LatexNormalizer.unwrapCommand(t, "\\boxed");
            t = TEXT_LETTER.matcher(t).replaceAll("$1");
            t = t.replace("$", "").replace("**", "").replace("\\(", "").replace("\\)", "").strip();
            while (t.startsWith("{") && t.endsWith("}")) {
                t = t.substring(1, t.length() - 1).strip();
            }
            if (t.equals(s)) {
                break;
            }
            s = t;
        }
        Matcher m = CHOICE.matcher(s);
        if (m.find()) {
            String rest = s.substring(m.end()).strip();
            String letter = m.group(1);
            // a lone lower-case letter counts; lower case followed by text is a word ("a triangle")
            if (Character.isUpperCase(letter.charAt(0)) || rest.isEmpty()) {
                return letter.toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** Only a bare letter, optionally in parentheses: "(C)", "C". */
    private static String choiceLetterStrict(String normalized) {
        Matcher m = STRICT_LETTER.matcher(normalized.replace(" ", ""));
        return m.matches() ? m.group(1) : null;
    }

    /** A prediction naming a letter: "(C)", "C)", "C". */
    private static String choiceLetterLoose(String normalized) {
        Matcher m = LOOSE_LETTER.matcher(normalized.replace(" ", ""));
        return m.matches() ? m.group(1) : null;
    }

    // ------------------------------------------------------------------ structural + numeric comparison

    private static final class Comparer {
        private final GradingBudget budget;

        Comparer(GradingBudget budget) {
            this.budget = budget;
        }

        boolean eq(MathNode p, MathNode g, boolean top) {
            budget.tick();
            // one value written two ways: "3 < x \\le 4" is (3,4]; "x = 1, y = 2" is the point (1,2)
            if (isInterval(g) && p instanceof Rel pr && asInterval(pr) != null) {
                p = asInterval(pr);
            } else if (isInterval(p) && g instanceof Rel gr && asInterval(gr) != null) {
                g = asInterval(gr);
            }
            if (g instanceof Seq gs && gs.open() == '(' && asPoint(p) != null) {
                p = asPoint(p);
            } else if (p instanceof Seq ps && ps.open() == '(' && asPoint(g) != null) {
                g = asPoint(g);
            }
            // "x = 5" against "5", "x \in (1,2)" against "(1,2)"
            if (p instanceof Rel r && !(g instanceof Rel)) {
                MathNode v = valueOf(r);
                return v != null && eq(v, g, false);
            }
            if (g instanceof Rel r && !(p instanceof Rel) && top) {
                MathNode v = goldValueOf(r);
                return v != null && eq(p, v, false);
            }
            if (p instanceof Op o && o.op().equals("pm") || g instanceof Op o2 && o2.op().equals("pm")) {
                return sameMultiset(expandPm(p), expandPm(g));
            }
            if (top && g instanceof Seq gl && gl.open() == 0 && p instanceof Seq pl && pl.open() == 0
                    && pl.items().stream().noneMatch(i -> i instanceof Rel)) {
                // "AB = 4, CD = 5" answered "4, 5"
                List<MathNode> values = new ArrayList<>();
                for (MathNode item : gl.items()) {
                    values.add(item instanceof Rel r && goldValueOf(r) != null ? goldValueOf(r) : item);
                }
                g = new Seq((char) 0, (char) 0, values);
            }
            if (p instanceof Seq ps && g instanceof Seq gs) {
                boolean pSet = ps.open() == 0 || ps.open() == '{';
                boolean gSet = gs.open() == 0 || gs.open() == '{';
                if (pSet && gSet) {
                    return sameMultiset(expandPm(ps), expandPm(gs)); // "\\{1 \\pm \\sqrt5, -2\\}" holds three values
                }
                if (ps.open() != gs.open() || ps.close() != gs.close() || ps.items().size() != gs.items().size()) {
                    return false;
                }
                for (int i = 0; i < ps.items().size(); i++) {
                    if (!eq(ps.items().get(i), gs.items().get(i), false)) {
                        return false;
                    }
                }
                return true;
            }
            if (p instanceof Seq ps && ps.open() == '{' && ps.items().size() == 1 && !(g instanceof Seq)) {
                return eq(ps.items().get(0), g, false);
            }
            if (isUnion(p) || isUnion(g)) {
                return isUnion(p) && isUnion(g) && sameMultiset(((Op) p).args(), ((Op) g).args());
            }
            if (p instanceof Matrix pm && g instanceof Matrix gm) {
                if (pm.rows().size() != gm.rows().size()) {
                    return false;
                }
                for (int i = 0; i < pm.rows().size(); i++) {
                    List<MathNode> a = pm.rows().get(i);
                    List<MathNode> b = gm.rows().get(i);
                    if (a.size() != b.size()) {
                        return false;
                    }
                    for (int j = 0; j < a.size(); j++) {
                        if (!eq(a.get(j), b.get(j), false)) {
                            return false;
                        }
                    }
                }
                return true;
            }
            if (p instanceof Rel pr && g instanceof Rel gr) {
                return relationsEqual(chainEnds(pr), chainEnds(gr));
            }
            if (isScalar(p) && isScalar(g)) {
                return scalarEq(p, g);
            }
            return false;
        }

        private static boolean isInterval(MathNode n) {
            return n instanceof Seq s && s.items().size() == 2 && (s.open() == '(' || s.open() == '[')
                    && (s.close() == ')' || s.close() == ']');
        }

        /** An inequality in one variable as the interval it describes, or null: {@code x > 2} is (2, ∞). */
        private static MathNode asInterval(Rel r) {
            MathNode inf = new Const("inf");
            MathNode negInf = new Op("neg", List.of(inf));
            if (r.left() instanceof Rel inner && inner.right() instanceof Var && !(inner.left() instanceof Rel)) {
                boolean up = isLess(inner.op()) && isLess(r.op());
                boolean down = isGreater(inner.op()) && isGreater(r.op());
                if (up) {
                    return new Seq(inner.op().equals("<") ? '(' : '[', r.op().equals("<") ? ')' : ']',
                            List.of(inner.left(), r.right()));
                }
                if (down) {
                    return new Seq(r.op().equals(">") ? '(' : '[', inner.op().equals(">") ? ')' : ']',
                            List.of(r.right(), inner.left()));
                }
                return null;
            }
            MathNode value;
            String op;
            if (r.left() instanceof Var && !(r.right() instanceof Rel)) {
                value = r.right();
                op = r.op();
            } else if (r.right() instanceof Var && !(r.left() instanceof Rel)) {
                value = r.left();
                op = mirror(r.op());
            } else {
                return null;
            }
            return switch (op) {
                case ">" -> new Seq('(', ')', List.of(value, inf));
                case ">=" -> new Seq('[', ')', List.of(value, inf));
                case "<" -> new Seq('(', ')', List.of(negInf, value));
                case "<=" -> new Seq('(', ']', List.of(negInf, value));
                default -> null;
            };
        }

        private static boolean isLess(String op) {
            return op.equals("<") || op.equals("<=");
        }

        private static boolean isGreater(String op) {
            return op.equals(">") || op.equals(">=");
        }

        /** The relation read from the other side: {@code a < b} is {@code b > a}. */
        private static String mirror(String op) {
            return switch (op) {
                case "<" -> ">";
                case ">" -> "<";
                case "<=" -> ">=";
                case ">=" -> "<=";
                default -> op;
            };
        }

        /** {@code x = 1, y = 2} (each item a variable set equal to a value) as the point (1, 2), or null. */
        private static MathNode asPoint(MathNode n) {
            if (!(n instanceof Seq s) || s.open() != 0 || s.items().size() < 2) {
                return null;
            }
            List<MathNode> values = new ArrayList<>();
            for (MathNode item : s.items()) {
                if (!(item instanceof Rel r) || !r.op().equals("=") || !(r.left() instanceof Var)) {
                    return null;
                }
                values.add(r.right());
            }
            return new Seq('(', ')', values);
        }

        private static boolean isUnion(MathNode n) {
            return n instanceof Op o && o.op().equals("union");
        }

        private static boolean isScalar(MathNode n) {
            return n instanceof Num || n instanceof Var || n instanceof Const
                    || n instanceof Op o && !o.op().equals("union") && !o.op().equals("pm");
        }

        /** The value side of a relation used as an answer: "x = 5" gives 5, "a = b = 7" gives 7, "x \in S" gives S. */
        private MathNode valueOf(Rel r) {
            if (r.op().equals("in")) {
                return r.right();
            }
            if (!r.op().equals("=")) {
                return null;
            }
            // "x = 5", "a = b = 7", "f(2) = 5"; not "a + 3z = 0", an equation whose right side is no answer
            if (r.left() instanceof Rel || r.left() instanceof Var || r.left() instanceof Op o && o.op().startsWith("fn:")) {
                return r.right();
            }
            return null;
        }

        /**
         * The value a gold equation names: as {@link #valueOf}, and also for a left side that is one term naming a
         * quantity ({@code |AB| = 1}, {@code (p,q) = (3,2)}, {@code \\frac{NO}{BO} = ...}); not for a sum
         * ({@code a + 3z = 0} is an equation, not the answer 0).
         */
        private MathNode goldValueOf(Rel r) {
            MathNode v = valueOf(r);
            if (v != null || !r.op().equals("=")) {
                return v;
            }
            boolean sum = r.left() instanceof Op o && (o.op().equals("+") || o.op().equals("neg"));
            return !sum && !vars(r.left()).isEmpty() && vars(r.right()).isEmpty() ? r.right() : null;
        }

        /** {@code x = 5+5+1 = 11} as {@code x = 11}: a chain of equalities says its first side equals its last. */
        private static Rel chainEnds(Rel r) {
            if (!r.op().equals("=") || !(r.left() instanceof Rel)) {
                return r;
            }
            MathNode first = r.left();
            while (first instanceof Rel inner && inner.op().equals("=")) {
                first = inner.left();
            }
            return first instanceof Rel ? r : new Rel("=", first, r.right());
        }

        private boolean relationsEqual(Rel p, Rel g) {
            String po = p.op();
            String go = g.op();
            if (po.equals(go)) {
                if (eq(p.left(), g.left(), false) && eq(p.right(), g.right(), false)) {
                    return true;
                }
                if ((po.equals("=") || po.equals("!=")) && eq(p.left(), g.right(), false) && eq(p.right(), g.left(), false)) {
                    return true;
                }
                if (po.equals("=") && isScalar(p.left()) && isScalar(p.right()) && isScalar(g.left()) && isScalar(g.right())) {
                    MathNode pd = minus(p.left(), p.right());
                    MathNode gd = minus(g.left(), g.right());
                    return scalarEq(pd, gd) || scalarEq(pd, new Op("neg", List.of(gd)));
                }
                return false;
            }
            if (mirror(po).equals(go)) {
                return eq(p.left(), g.right(), false) && eq(p.right(), g.left(), false);
            }
            return false;
        }

        private static MathNode minus(MathNode a, MathNode b) {
            return new Op("+", List.of(a, new Op("neg", List.of(b))));
        }

        private List<MathNode> expandPm(MathNode n) {
            if (n instanceof Op o && o.op().equals("pm")) {
                MathNode a = o.args().get(0);
                MathNode b = o.args().get(1);
                return List.of(new Op("+", List.of(a, b)), minus(a, b));
            }
            if (n instanceof Seq s && (s.open() == 0 || s.open() == '{')) {
                List<MathNode> out = new ArrayList<>();
                for (MathNode item : s.items()) {
                    out.addAll(expandPm(item));
                }
                return out;
            }
            return List.of(n);
        }

        private boolean sameMultiset(List<MathNode> a, List<MathNode> b) {
            if (a.size() != b.size()) {
                return false;
            }
            boolean[] used = new boolean[b.size()];
            outer:
            for (MathNode x : a) {
                for (int j = 0; j < b.size(); j++) {
                    if (!used[j] && eq(x, b.get(j), false)) {
                        used[j] = true;
                        continue outer;
                    }
                }
                return false;
            }
            return true;
        }

        // -------------------------------------------------------------- scalars

        private boolean scalarEq(MathNode p, MathNode g) {
            Set<String> vars = new TreeSet<>(vars(p));
            vars.addAll(vars(g));
            boolean approx = hasDecimal(p) || hasDecimal(g);
            if (vars.isEmpty()) {
                Rational rp = exact(p);
                Rational rg = exact(g);
                if (rp != null && rg != null) {
                    return rp.equals(rg) || approx && rp.round(6).compareTo(rg.round(6)) == 0;
                }
                double dp = value(p, Map.of());
                double dg = value(g, Map.of());
                if (Double.isInfinite(dp) || Double.isInfinite(dg)) {
                    return isInfinity(p) && isInfinity(g) && dp == dg;
                }
                return close(dp, dg, approx);
            }
            SplittableRandom random = new SplittableRandom(0x5eed);
            int agreed = 0;
            for (int i = 0; i < POINTS * 3 && agreed < POINTS; i++) {
                Map<String, Double> at = new HashMap<>();
                for (String v : vars) {
                    at.put(v, 0.31 + random.nextDouble() * 2.4);
                }
                double dp = value(p, at);
                double dg = value(g, at);
                if (!Double.isFinite(dp) || !Double.isFinite(dg)) {
                    continue;
                }
                if (!close(dp, dg, false)) {
                    return false;
                }
                agreed++;
            }
            return agreed >= 3;
        }

        private static boolean close(double a, double b, boolean approx) {
            if (Double.isNaN(a) || Double.isNaN(b)) {
                return false;
            }
            double scale = Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
            if (Math.abs(a - b) <= REL_TOL * scale) {
                return true;
            }
            return approx && Math.abs(a - b) <= 5e-7 * scale;
        }

        private static boolean isInfinity(MathNode n) {
            return n instanceof Const c && c.name().equals("inf")
                    || n instanceof Op o && o.op().equals("neg") && isInfinity(o.args().get(0));
        }

        private Set<String> vars(MathNode n) {
            Set<String> out = new TreeSet<>();
            collectVars(n, out);
            return out;
        }

        private void collectVars(MathNode n, Set<String> out) {
            budget.tick();
            if (n instanceof Var v) {
                out.add(v.name());
            } else if (n instanceof Op o) {
                for (MathNode a : o.args()) {
                    collectVars(a, out);
                }
            } else if (n instanceof Seq s) {
                for (MathNode a : s.items()) {
                    collectVars(a, out);
                }
            } else if (n instanceof Rel r) {
                collectVars(r.left(), out);
                collectVars(r.right(), out);
            }
        }

        private boolean hasDecimal(MathNode n) {
            if (n instanceof Num num) {
                return num.decimal();
            }
            if (n instanceof Op o) {
                for (MathNode a : o.args()) {
                    if (hasDecimal(a)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Exact rational value, or null when irrational, symbolic or too large. */
        private Rational exact(MathNode n) {
            budget.tick();
            if (n instanceof Num num) {
                return num.value();
            }
            if (!(n instanceof Op o)) {
                return null;
            }
            List<MathNode> a = o.args();
            switch (o.op()) {
                case "+" -> {
                    Rational x = exact(a.get(0));
                    Rational y = x == null ? null : exact(a.get(1));
                    return y == null ? null : x.add(y);
                }
                case "neg" -> {
                    Rational x = exact(a.get(0));
                    return x == null ? null : x.negate();
                }
                case "*" -> {
                    Rational x = exact(a.get(0));
                    Rational y = x == null ? null : exact(a.get(1));
                    return y == null ? null : x.multiply(y);
                }
                case "/" -> {
                    Rational x = exact(a.get(0));
                    Rational y = x == null ? null : exact(a.get(1));
                    return y == null ? null : x.divide(y);
                }
                case "^" -> {
                    Rational x = exact(a.get(0));
                    Rational y = x == null ? null : exact(a.get(1));
                    if (y == null) {
                        return null;
                    }
                    if (y.isInteger() && y.num().bitLength() < 31) {
                        return x.pow(y.num().intValueExact());
                    }
                    if (y.equals(Rational.of(1).divide(Rational.of(2)))) {
                        return x.sqrt();
                    }
                    return null;
                }
                case "sqrt" -> {
                    Rational x = exact(a.get(0));
                    return x == null ? null : x.sqrt();
                }
                case "abs" -> {
                    Rational x = exact(a.get(0));
                    return x == null ? null : x.num().signum() < 0 ? x.negate() : x;
                }
                case "!" -> {
                    Rational x = exact(a.get(0));
                    if (x == null || !x.isInteger() || x.num().signum() < 0 || x.num().compareTo(BigInteger.valueOf(400)) > 0) {
                        return null;
                    }
                    BigInteger f = BigInteger.ONE;
                    for (int i = 2; i <= x.num().intValue(); i++) {
                        budget.tick();
                        f = f.multiply(BigInteger.valueOf(i));
                    }
                    return Rational.of(f, BigInteger.ONE);
                }
                case "binom" -> {
                    Rational x = exact(a.get(0));
                    Rational y = x == null ? null : exact(a.get(1));
                    if (y == null || !x.isInteger() || !y.isInteger() || x.num().bitLength() > 20
                            || y.num().signum() < 0 || y.compareTo(x) > 0) {
                        return null;
                    }
                    int nn = x.num().intValue();
                    int k = Math.min(y.num().intValue(), nn - y.num().intValue());
                    BigInteger r = BigInteger.ONE;
                    for (int i = 1; i <= k; i++) {
                        budget.tick();
                        r = r.multiply(BigInteger.valueOf(nn - k + i)).divide(BigInteger.valueOf(i));
                        if (r.bitLength() > Rational.MAX_BITS) {
                            return null; // the partial products only grow; Rational.of would refuse the result
                        }
                    }
                    return Rational.of(r, BigInteger.ONE);
                }
                default -> {
                    return null;
                }
            }
        }

        /** Double value at the given point; NaN where undefined. */
        private double value(MathNode n, Map<String, Double> at) {
            budget.tick();
            if (n instanceof Num num) {
                return num.value().toDouble();
            }
            if (n instanceof Var v) {
                Double d = at.get(v.name());
                return d == null ? Double.NaN : d;
            }
            if (n instanceof Const c) {
                return switch (c.name()) {
                    case "pi" -> Math.PI;
                    case "e" -> Math.E;
                    case "inf" -> Double.POSITIVE_INFINITY;
                    default -> Double.NaN;
                };
            }
            if (!(n instanceof Op o)) {
                return Double.NaN;
            }
            List<MathNode> a = o.args();
            double x = value(a.get(0), at);
            switch (o.op()) {
                case "+":
                    return x + value(a.get(1), at);
                case "neg":
                    return -x;
                case "*":
                    return x * value(a.get(1), at);
                case "/":
                    return x / value(a.get(1), at);
                case "^": {
                    double y = value(a.get(1), at);
                    double r = Math.pow(x, y);
                    return Double.isInfinite(r) && !isInfinity(a.get(0)) ? Double.NaN : r;
                }
                case "sqrt":
                    return Math.sqrt(x);
                case "root": {
                    double k = value(a.get(1), at);
                    if (x < 0 && k == Math.rint(k) && ((long) k) % 2 != 0) {
                        return -Math.pow(-x, 1.0 / k);
                    }
                    return Math.pow(x, 1.0 / k);
                }
                case "abs":
                    return Math.abs(x);
                case "floor":
                    return Math.floor(x);
                case "ceil":
                    return Math.ceil(x);
                case "!": {
                    if (x != Math.rint(x) || x < 0 || x > 170) {
                        return Double.NaN;
                    }
                    double f = 1;
                    for (int i = 2; i <= (int) x; i++) {
                        f *= i;
                    }
                    return f;
                }
                case "binom": {
                    Rational r = exact(o);
                    return r == null ? Double.NaN : r.toDouble();
                }
                default:
                    break;
            }
            if (o.op().startsWith("fn:")) {
                String f = o.op().substring(3);
                return switch (f) {
                    case "sin" -> Math.sin(x);
                    case "cos" -> Math.cos(x);
                    case "tan" -> Math.tan(x);
                    case "cot" -> 1 / Math.tan(x);
                    case "sec" -> 1 / Math.cos(x);
                    case "csc" -> 1 / Math.sin(x);
                    case "arcsin" -> Math.asin(x);
                    case "arccos" -> Math.acos(x);
                    case "arctan" -> Math.atan(x);
                    case "sinh" -> Math.sinh(x);
                    case "cosh" -> Math.cosh(x);
                    case "tanh" -> Math.tanh(x);
                    case "ln" -> Math.log(x);
                    case "log" -> a.size() > 1 ? Math.log(x) / Math.log(value(a.get(1), at)) : Math.log(x);
                    case "log10" -> Math.log10(x);
                    case "exp" -> Math.exp(x);
                    default -> Double.NaN;
                };
            }
            return Double.NaN;
        }
    }
}
