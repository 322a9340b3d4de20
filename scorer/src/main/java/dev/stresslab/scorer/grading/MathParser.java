package dev.stresslab.scorer.grading;

import dev.stresslab.scorer.grading.MathNode.Const;
import dev.stresslab.scorer.grading.MathNode.Matrix;
import dev.stresslab.scorer.grading.MathNode.Num;
import dev.stresslab.scorer.grading.MathNode.Op;
import dev.stresslab.scorer.grading.MathNode.Rel;
import dev.stresslab.scorer.grading.MathNode.Seq;
import dev.stresslab.scorer.grading.MathNode.Text;
import dev.stresslab.scorer.grading.MathNode.Var;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser from (normalised) LaTeX answers to {@link MathNode}s. Recursion depth and work are
 * bounded ({@link GradingBudget}); anything it does not understand raises {@link ParseException} and the grader falls
 * back to text comparison.
 */
final class MathParser {

    static final class ParseException extends RuntimeException {
        ParseException(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_DEPTH = 60;
    private static final Set<String> FUNCTIONS = Set.of("sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos",
            "arctan", "sinh", "cosh", "tanh", "ln", "log", "exp", "lg");
    private static final Map<String, String> RELATIONS = Map.ofEntries(Map.entry("=", "="), Map.entry("<", "<"),
            Map.entry(">", ">"), Map.entry("\\le", "<="), Map.entry("\\leq", "<="), Map.entry("\\leqslant", "<="),
            Map.entry("\\ge", ">="), Map.entry("\\geq", ">="), Map.entry("\\geqslant", ">="), Map.entry("\\ne", "!="),
            Map.entry("\\neq", "!="), Map.entry("\\in", "in"), Map.entry("<=", "<="), Map.entry(">=", ">="),
            Map.entry("\\approx", "="), Map.entry("\\equiv", "="),
            Map.entry("\\lt", "<"), Map.entry("\\gt", ">"));
    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta",
            "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon",
            "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi",
            "Omega");

    private static final java.util.regex.Pattern MATRIX_BEGIN =
            java.util.regex.Pattern.compile("\\\\begin\\s*\\{(?:[pbvBV]?matrix|smallmatrix)\\}");
    private static final java.util.regex.Pattern ARRAY_BEGIN =
            java.util.regex.Pattern.compile("\\\\begin\\s*\\{array\\}\\s*\\{[^{}]*\\}");
    private static final java.util.regex.Pattern MATRIX_END =
            java.util.regex.Pattern.compile("\\\\end\\s*\\{(?:[pbvBV]?matrix|smallmatrix|array)\\}");

    private final List<String> tokens;
    private final GradingBudget budget;
    private int pos;
    private int depth;
    private int absDepth;

    private MathParser(List<String> tokens, GradingBudget budget) {
        this.tokens = tokens;
        this.budget = budget;
    }

    /** Parses a normalised answer; throws {@link ParseException} when it is not mathematics this parser knows. */
    static MathNode parse(String normalized, GradingBudget budget) {
        List<String> tokens = tokenize(normalized, budget);
        if (tokens.isEmpty()) {
            throw new ParseException("empty");
        }
        MathParser p = new MathParser(tokens, budget);
        MathNode n = p.list(null);
        if (p.pos != tokens.size()) {
            throw new ParseException("unexpected " + tokens.get(p.pos));
        }
        return n;
    }

    // ---------------------------------------------------------------- tokens

    static List<String> tokenize(String s, GradingBudget budget) {
        String t = s;
        if (t.contains("\\begin")) {
            t = MATRIX_BEGIN.matcher(t).replaceAll(" \\\\matbegin ");
            t = ARRAY_BEGIN.matcher(t).replaceAll(" \\\\matbegin ");
            t = MATRIX_END.matcher(t).replaceAll(" \\\\endmat ");
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = t.length();
        while (i < n) {
            budget.tick();
            char c = t.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(t.charAt(i + 1))) {
                int j = i;
                while (j < n && Character.isDigit(t.charAt(j))) {
                    j++;
                }
                if (j < n && t.charAt(j) == '.' && j + 1 < n && Character.isDigit(t.charAt(j + 1))) {
                    j++;
                    while (j < n && Character.isDigit(t.charAt(j))) {
                        j++;
                    }
                } else if (j < n && t.charAt(j) == '.' && (j + 1 == n || !Character.isLetter(t.charAt(j + 1)))
                        && j > i) {
                    j++; // "27." style
                }
                // scientific notation 1.5e-3 / 2E5 (only when digits follow)
                if (j + 1 < n && (t.charAt(j) == 'e' || t.charAt(j) == 'E')) {
                    int k = j + 1;
                    if (k < n && (t.charAt(k) == '-' || t.charAt(k) == '+')) {
                        k++;
                    }
                    int digits = k;
                    while (k < n && Character.isDigit(t.charAt(k))) {
                        k++;
                    }
                    if (k > digits && (k == n || !Character.isLetter(t.charAt(k)))) {
                        j = k;
                    }
                }
                out.add(t.substring(i, j));
                i = j;
            } else if (c == '\\') {
                if (i + 1 < n && !Character.isLetter(t.charAt(i + 1))) {
                    out.add(t.substring(i, i + 2));
                    i += 2;
                } else {
                    int j = i + 1;
                    while (j < n && Character.isLetter(t.charAt(j))) {
                        j++;
                    }
                    out.add(t.substring(i, j));
                    i = j;
                }
            } else if (Character.isLetter(c)) {
                int j = i;
                while (j < n && Character.isLetter(t.charAt(j))) {
                    j++;
                }
                String word = t.substring(i, j);
                if (word.length() > 1 && (FUNCTIONS.contains(word) || word.equals("sqrt") || word.equals("pi")
                        || word.equals("infty") || word.equals("infinity") || word.equals("inf"))) {
                    out.add("\\" + (word.startsWith("inf") ? "infty" : word));
                } else if (word.length() > 3 || word.length() > 1 && isWordLike(word)) {
                    throw new ParseException("word " + word);
                } else {
                    for (int k = 0; k < word.length(); k++) {
                        out.add(String.valueOf(word.charAt(k)));
                    }
                }
                i = j;
            } else if ((c == '<' || c == '>' || c == '!') && i + 1 < n && t.charAt(i + 1) == '=') {
                out.add(c == '!' ? "\\ne" : c + "=");
                i += 2;
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    private static boolean isWordLike(String w) {
        // Two- or three-letter runs that are English words rather than products of variables.
        return Set.of("or", "and", "no", "yes", "odd", "even", "all", "none", "not", "is", "the", "are", "of", "to",
                "in", "on", "at", "an", "as", "if", "it", "by", "be", "we", "so", "do", "am", "pm").contains(w.toLowerCase());
    }

    // ---------------------------------------------------------------- grammar

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private boolean at(String t) {
        return t.equals(peek());
    }

    private String next() {
        budget.tick();
        if (pos >= tokens.size()) {
            throw new ParseException("unexpected end");
        }
        return tokens.get(pos++);
    }

    private void expect(String t) {
        String got = next();
        if (!t.equals(got)) {
            throw new ParseException("expected " + t + " got " + got);
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new ParseException("too deep");
        }
    }

    /** list := relation (',' relation)* ; stops before any token in {@code closers}. */
    private MathNode list(Set<String> closers) {
        enter();
        List<MathNode> items = new ArrayList<>();
        items.add(unionExpr());
        while (at(",") || at(";")) {
            next();
            items.add(unionExpr());
        }
        depth--;
        return items.size() == 1 ? items.get(0) : new Seq((char) 0, (char) 0, items);
    }

    private MathNode unionExpr() {
        MathNode left = relation();
        if (at("\\cup") || at("U") && pos + 1 < tokens.size() && isOpenBracket(tokens.get(pos + 1))) {
            List<MathNode> parts = new ArrayList<>();
            parts.add(left);
            while (at("\\cup") || at("U")) {
                next();
                parts.add(relation());
            }
            return new Op("union", parts);
        }
        return left;
    }

    private static boolean isOpenBracket(String t) {
        return "(".equals(t) || "[".equals(t);
    }

    private MathNode relation() {
        MathNode left = expr();
        while (peek() != null && RELATIONS.containsKey(peek())) {
            String op = RELATIONS.get(next());
            MathNode right = expr();
            left = new Rel(op, left, right);
        }
        return left;
    }

    private MathNode expr() {
        enter();
        MathNode left;
        if (at("\\pm") || at("\\mp")) {
            next();
            left = new Op("pm", List.of(new Num(Rational.ZERO, false), term()));
        } else {
            left = term();
        }
        while (true) {
            String t = peek();
            if ("+".equals(t)) {
                next();
                left = new Op("+", List.of(left, term()));
            } else if ("-".equals(t)) {
                next();
                left = new Op("+", List.of(left, new Op("neg", List.of(term()))));
            } else if ("\\pm".equals(t) || "\\mp".equals(t)) {
                next();
                left = new Op("pm", List.of(left, term()));
            } else {
                break;
            }
        }
        depth--;
        return left;
    }

    private MathNode term() {
        MathNode left = unary();
        boolean first = true;
        while (true) {
            String t = peek();
            if (first && isMixedNumberStart(left) && ("\\frac".equals(t) || "\\dfrac".equals(t))) {
                // a mixed number: "1\\frac{4}{5}" is 9/5, not 4/5 (a whole number then a proper fraction of literals)
                int mark = pos;
                MathNode f = power();
                if (isProperFraction(f)) {
                    left = left instanceof Op neg ? new Op("neg", List.of(new Op("+", List.of(neg.args().get(0), f))))
                            : new Op("+", List.of(left, f));
                    first = false;
                    continue;
                }
                pos = mark;
            }
            first = false;
            if ("*".equals(t) || "\\cdot".equals(t) || "\\times".equals(t) || "\\ast".equals(t)) {
                next();
                left = new Op("*", List.of(left, unary()));
            } else if ("/".equals(t) || "\\div".equals(t)) {
                next();
                left = new Op("/", List.of(left, unary()));
            } else if (t != null && startsAtom(t)) {
                left = new Op("*", List.of(left, power()));
            } else {
                break;
            }
        }
        return left;
    }

    private static boolean isMixedNumberStart(MathNode n) {
        MathNode m = n instanceof Op o && o.op().equals("neg") ? o.args().get(0) : n;
        return m instanceof Num num && !num.decimal() && num.value().isInteger() && num.value().compareTo(Rational.ZERO) > 0;
    }

    private static boolean isProperFraction(MathNode f) {
        return f instanceof Op o && o.op().equals("/") && o.args().get(0) instanceof Num a && o.args().get(1) instanceof Num b
                && !a.decimal() && !b.decimal() && a.value().isInteger() && b.value().isInteger() && a.value().compareTo(Rational.ZERO) > 0
                && a.value().compareTo(b.value()) < 0;
    }

    private boolean startsAtom(String t) {
        if (t.equals("|")) {
            return absDepth == 0;
        }
        char c = t.charAt(0);
        if (Character.isDigit(c) || Character.isLetter(c) || c == '.' && t.length() > 1) {
            return true;
        }
        if (t.equals("(") || t.equals("{") || t.equals("\\{") || t.equals("\\matbegin")) {
            return true;
        }
        if (t.startsWith("\\") && t.length() > 1 && Character.isLetter(t.charAt(1))) {
            return !RELATIONS.containsKey(t) && !t.equals("\\cdot") && !t.equals("\\times") && !t.equals("\\div")
                    && !t.equals("\\pm") && !t.equals("\\mp") && !t.equals("\\cup") && !t.equals("\\endmat")
                    && !t.equals("\\ast") && !t.equals("\\rfloor") && !t.equals("\\rceil");
        }
        return false;
    }

    private MathNode unary() {
        enter();
        MathNode n;
        if (at("-")) {
            next();
            n = new Op("neg", List.of(unary()));
        } else if (at("+")) {
            next();
            n = unary();
        } else {
            n = power();
        }
        depth--;
        return n;
    }

    private MathNode power() {
        MathNode base = postfix(atom());
        if (at("^")) {
            next();
            MathNode exp = exponent();
            return postfix(new Op("^", List.of(base, exp)));
        }
        return base;
    }

    private MathNode exponent() {
        if (at("-")) {
            next();
            enter(); // "x^{------...}" recursed once per minus sign, outside the depth limit
            MathNode n = new Op("neg", List.of(exponent()));
            depth--;
            return n;
        }
        return singleArg();
    }

    private MathNode postfix(MathNode n) {
        while (at("!")) {
            next();
            n = new Op("!", List.of(n));
        }
        if (at("_") && n instanceof Num) {
            // a base subscript such as 1011_2: keep as text so only identical spellings match
            throw new ParseException("base subscript");
        }
        return n;
    }

    /** A LaTeX macro argument: a brace group, or a single digit / letter / command. */
    private MathNode singleArg() {
        String t = peek();
        if (t == null) {
            throw new ParseException("missing argument");
        }
        if (t.equals("{")) {
            next();
            MathNode n = list(null);
            expect("}");
            return n;
        }
        if (Character.isDigit(t.charAt(0)) && t.length() > 1) {
            // \frac12 or x^23: only the first digit is the argument
            tokens.set(pos, t.substring(1));
            budget.tick();
            return number(t.substring(0, 1));
        }
        return atom();
    }

    private MathNode atom() {
        enter();
        String t = next();
        MathNode n = atomOf(t);
        depth--;
        return n;
    }

    private MathNode atomOf(String t) {
        char c = t.charAt(0);
        if (Character.isDigit(c) || c == '.') {
            return number(t);
        }
        if (Character.isLetter(c)) {
            MathNode v = t.equals("e") ? new Const("e") : new Var(t);
            return subscripted(v);
        }
        switch (t) {
            case "(", "[" -> {
                return bracket(c);
            }
            case "{" -> {
                MathNode n = list(null);
                expect("}");
                return n;
            }
            case "\\{" -> {
                if (at("\\}")) {
                    next();
                    return new Seq('{', '}', List.of());
                }
                MathNode n = list(null);
                expect("\\}");
                return new Seq('{', '}', n instanceof Seq s && s.open() == 0 ? s.items() : List.of(n));
            }
            case "|" -> {
                absDepth++;
                MathNode n = expr();
                absDepth--;
                expect("|");
                return new Op("abs", List.of(n));
            }
            default -> {
            }
        }
        if (t.startsWith("\\")) {
            return command(t.substring(1));
        }
        throw new ParseException("unexpected " + t);
    }

    private MathNode subscripted(MathNode v) {
        if (v instanceof Var var && at("_")) {
            next();
            String sub = peek();
            if ("{".equals(sub)) {
                StringBuilder b = new StringBuilder();
                next();
                int guard = 0;
                while (!at("}")) {
                    b.append(next());
                    if (++guard > 20) {
                        throw new ParseException("long subscript");
                    }
                }
                next();
                return new Var(var.name() + "_" + b);
            }
            return new Var(var.name() + "_" + next());
        }
        return v;
    }

    private MathNode bracket(char open) {
        if (at(")") || at("]")) {
            throw new ParseException("empty brackets");
        }
        absDepthSave();
        MathNode inner = list(null);
        absDepthRestore();
        String close = next();
        if (!close.equals(")") && !close.equals("]")) {
            throw new ParseException("expected closing bracket");
        }
        char cl = close.charAt(0);
        if (inner instanceof Seq s && s.open() == 0) {
            return new Seq(open, cl, s.items());
        }
        if (open == '(' && cl == ')' || open == '[' && cl == ']') {
            return inner;
        }
        throw new ParseException("half-open bracket around one item");
    }

    private int savedAbs;

    private void absDepthSave() {
        savedAbs = absDepth;
        absDepth = 0;
    }

    private void absDepthRestore() {
        absDepth = savedAbs;
    }

    private MathNode matrix() {
        List<List<MathNode>> rows = new ArrayList<>();
        List<MathNode> row = new ArrayList<>();
        while (true) {
            if (at("\\endmat")) {
                next();
                break;
            }
            row.add(expr());
            if (at("&")) {
                next();
            } else if (at("\\\\")) {
                next();
                rows.add(row);
                row = new ArrayList<>();
            } else if (!at("\\endmat")) {
                throw new ParseException("bad matrix");
            }
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new ParseException("empty matrix");
        }
        return new Matrix(rows);
    }

    private MathNode command(String name) {
        switch (name) {
            case "frac", "over" -> {
                MathNode a = singleArg();
                MathNode b = singleArg();
                return new Op("/", List.of(a, b));
            }
            case "binom", "dbinom", "tbinom", "choose" -> {
                MathNode a = singleArg();
                MathNode b = singleArg();
                return new Op("binom", List.of(a, b));
            }
            case "sqrt" -> {
                if (at("[")) {
                    next();
                    MathNode idx = expr();
                    expect("]");
                    return new Op("root", List.of(singleArg(), idx));
                }
                return new Op("sqrt", List.of(singleArg()));
            }
            case "pi" -> {
                return new Const("pi");
            }
            case "infty", "infin" -> {
                return new Const("inf");
            }
            case "lfloor" -> {
                MathNode n = expr();
                expect("\\rfloor");
                return new Op("floor", List.of(n));
            }
            case "lceil" -> {
                MathNode n = expr();
                expect("\\rceil");
                return new Op("ceil", List.of(n));
            }
            case "matbegin" -> {
                return matrix();
            }
            case "emptyset", "varnothing" -> {
                return new Seq('{', '}', List.of());
            }
            default -> {
            }
        }
        if (GREEK.contains(name)) {
            return subscripted(new Var(name));
        }
        if (FUNCTIONS.contains(name)) {
            return function(name);
        }
        throw new ParseException("unknown command \\" + name);
    }

    private MathNode function(String name) {
        MathNode base = null;
        MathNode power = null;
        if (name.equals("log") && at("_")) {
            next();
            base = singleArg();
        }
        if (at("^")) {
            next();
            power = exponent();
        }
        MathNode arg;
        if (at("(")) {
            next();
            arg = list(null);
            expect(")");
        } else {
            arg = power();
        }
        List<MathNode> args = base == null ? List.of(arg) : List.of(arg, base);
        MathNode f = new Op("fn:" + (name.equals("lg") ? "log10" : name), args);
        return power == null ? f : new Op("^", List.of(f, power));
    }

    private static MathNode number(String t) {
        String s = t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
        Rational r = Rational.parseDecimal(s.startsWith(".") ? "0" + s : s);
        if (r == null) {
            throw new ParseException("bad number " + t);
        }
        boolean decimal = s.contains(".") || s.contains("e") || s.contains("E");
        return new Num(r, decimal);
    }

    /** Fallback node for answers that are words. */
    static MathNode text(String normalized) {
        return new Text(LatexNormalizer.textKey(normalized));
    }
}
