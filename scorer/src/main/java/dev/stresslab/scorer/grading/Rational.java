package dev.stresslab.scorer.grading;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/** An exact rational number (always reduced, positive denominator); sizes are bounded by {@link #MAX_BITS}. */
record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {
    static final int MAX_BITS = 4096;
    static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    static Rational of(BigInteger n, BigInteger d) {
        if (d.signum() == 0) {
            return null;
        }
        if (d.signum() < 0) {
            n = n.negate();
            d = d.negate();
        }
        BigInteger g = n.gcd(d);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            n = n.divide(g);
            d = d.divide(g);
        }
        if (n.bitLength() > MAX_BITS || d.bitLength() > MAX_BITS) {
            return null;
        }
        return new Rational(n, d);
    }

    static Rational of(long n) {
        return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
    }

    /** Exact value of a decimal literal such as "27.0", "1.5e3", "-0.25"; null if not one. */
    static Rational parseDecimal(String s) {
        try {
            BigDecimal d = new BigDecimal(s);
            if (Math.abs(d.scale()) > 400) {
                return null;
            }
            if (d.scale() <= 0) {
                return of(d.toBigIntegerExact(), BigInteger.ONE);
            }
            return of(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    Rational add(Rational o) {
        return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Rational negate() {
        return new Rational(num.negate(), den);
    }

    Rational multiply(Rational o) {
        return of(num.multiply(o.num), den.multiply(o.den));
    }

    Rational divide(Rational o) {
        return o.num.signum() == 0 ? null : of(num.multiply(o.den), den.multiply(o.num));
    }

    /** Integer power with a bounded result; null when too big or 0^negative. */
    Rational pow(int e) {
        if (Math.abs((long) e) * Math.max(num.bitLength(), den.bitLength()) > MAX_BITS) {
            return null;
        }
        if (e >= 0) {
            return of(num.pow(e), den.pow(e));
        }
        if (num.signum() == 0) {
            return null;
        }
        return of(den.pow(-e), num.pow(-e));
    }

    /** Exact square root when both parts are perfect squares, else null. */
    Rational sqrt() {
        if (num.signum() < 0) {
            return null;
        }
        BigInteger n = num.sqrt();
        BigInteger d = den.sqrt();
        return n.multiply(n).equals(num) && d.multiply(d).equals(den) ? new Rational(n, d) : null;
    }

    boolean isInteger() {
        return den.equals(BigInteger.ONE);
    }

    double toDouble() {
        if (num.bitLength() < 1000 && den.bitLength() < 1000) {
            return num.doubleValue() / den.doubleValue();
        }
        return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL64).doubleValue();
    }

    /** Rounded to {@code places} decimals, half up (used for decimal-approximation comparisons). */
    BigDecimal round(int places) {
        return new BigDecimal(num).divide(new BigDecimal(den), places, RoundingMode.HALF_UP);
    }

    @Override
    public int compareTo(Rational o) {
        return num.multiply(o.den).compareTo(o.num.multiply(den));
    }
}
