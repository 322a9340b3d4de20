package dev.stresslab.scorer.grading;

import java.util.List;

/** The small expression tree the grader compares: numbers, symbols, operators, sequences, matrices, relations. */
sealed interface MathNode {

    /** A number literal; {@code decimal} when written with a decimal point or exponent (an approximation). */
    record Num(Rational value, boolean decimal) implements MathNode {
    }

    /** A free symbol: a letter, a Greek letter, {@code x_1}. */
    record Var(String name) implements MathNode {
    }

    /** A named constant: {@code pi}, {@code e}, {@code inf}. */
    record Const(String name) implements MathNode {
    }

    /**
     * An operator application. Ops: {@code + * neg / ^ sqrt root ! abs pm union} and {@code fn:<name>} for functions
     * ({@code fn:log} may carry a second argument, the base).
     */
    record Op(String op, List<MathNode> args) implements MathNode {
    }

    /**
     * A sequence: open/close are the bracket characters ({@code ( ) [ ]}, {@code { }} for a set) or 0 for a bare
     * comma-separated list.
     */
    record Seq(char open, char close, List<MathNode> items) implements MathNode {
    }

    /** A matrix given row by row. */
    record Matrix(List<List<MathNode>> rows) implements MathNode {
    }

    /** A relation {@code left op right}: {@code = < > <= >= != in}. */
    record Rel(String op, MathNode left, MathNode right) implements MathNode {
    }

    /** Text that is not mathematics ("Evelyn", "odd"), compared as normalised text. */
    record Text(String text) implements MathNode {
    }
}
